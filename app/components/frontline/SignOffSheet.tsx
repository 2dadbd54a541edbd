/**
 * A printable sign-off sheet for one must-read (issue 18, decision 123): the names of the
 * people asked, with a column to sign, and lines for the date, place and who led the
 * briefing. Taken to a briefing in person, then recorded on /acknowledgements/:id/briefed.
 */
import { ScrollTable } from "~/components/ScrollTable";

export function SignOffSheet({ title, people, headingLevel = 1 }: {
  title: string;
  people: { id: number; name: string; jobTitle: string; confirmedAt?: string | null; briefedOn?: string | null }[];
  headingLevel?: 1 | 2;
}) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  const list = people.filter((p) => !p.confirmedAt && !p.briefedOn);
  return (
    <section className="sign-off-sheet">
      <Heading>Sign-off sheet: {title}</Heading>
      <p>I was briefed in person on this and understood it.</p>
      <dl className="sign-off-sheet__facts">
        <dt>Date</dt>
        <dd>&nbsp;</dd>
        <dt>Place</dt>
        <dd>&nbsp;</dd>
        <dt>Led by</dt>
        <dd>&nbsp;</dd>
      </dl>
      {list.length === 0 ? (
        <p>Everyone asked has confirmed online or been briefed already.</p>
      ) : (
        <ScrollTable caption="People to sign" captionHidden>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Job title</th>
              <th scope="col" className="sign-off-sheet__sign">Signature</th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.jobTitle}</td>
                <td className="sign-off-sheet__sign" aria-label={`Signature of ${p.name}`} />
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </section>
  );
}
