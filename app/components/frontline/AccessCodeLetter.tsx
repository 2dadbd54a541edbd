/**
 * The one-page letter that carries an access code (issue 18): plain instructions, the
 * sign-in address and its QR code, the employee number and the code. Printed one per page.
 */
import { formatDate } from "~/utils/dates";

export type LetterData = { name: string; employeeNumber: string; code: string; expiresAt: string };

export function AccessCodeLetter({ letter, signInUrl, qrSvg, council }: { letter: LetterData; signInUrl: string; qrSvg: string; council: string }) {
  return (
    <article className="letter" aria-label={`Letter for ${letter.name}`}>
      <p className="letter__from">{council} · Staff intranet</p>
      <h2>Your sign-in code for the staff intranet</h2>
      <p>Dear {letter.name},</p>
      <p>You can now read the council’s news, policies and guides on your phone or on a shared tablet at work. You do not need a council email address.</p>
      <ol className="letter__steps">
        <li>
          Open <strong className="letter__url">{signInUrl}</strong>, or point your phone’s camera at the square code.
        </li>
        <li>Type your employee number and the code below.</li>
        <li>Choose a passphrase you will remember (three random words work well). On a shared tablet you may choose a 6-number PIN instead.</li>
      </ol>
      <div className="letter__codes">
        <div className="letter__qr" role="img" aria-label={`QR code for ${signInUrl}`} dangerouslySetInnerHTML={{ __html: qrSvg }} />
        <dl>
          <dt>Employee number</dt>
          <dd className="letter__value">{letter.employeeNumber}</dd>
          <dt>Code</dt>
          <dd className="letter__value letter__code">{letter.code}</dd>
          <dt>Use it by</dt>
          <dd>{formatDate(letter.expiresAt)}</dd>
        </dl>
      </div>
      <p>The code works once. Keep this letter private until you have used it, then throw it away. If you lose it, or the code does not work, ask your manager for a new letter: the old code then stops working.</p>
    </article>
  );
}
