import type { MetaFunction } from "@remix-run/node";
import { Breadcrumbs } from "~/components/Breadcrumbs";
import { pageTitle } from "~/components/meta";

/** Public on purpose: people need to read it before they can sign in. It holds nothing private. */
export const meta: MetaFunction = () => pageTitle("Accessibility statement");

export default function Accessibility() {
  return (
    <div className="prose">
      <Breadcrumbs items={[{ label: "Accessibility statement" }]} />
      <h1>Accessibility statement</h1>
      <p className="lede">We want everyone who works for the council to be able to use the intranet.</p>
      <h2>What you should be able to do</h2>
      <ul>
        <li>use the whole intranet with a keyboard only</li>
        <li>use it with a screen reader, such as NVDA, JAWS or VoiceOver</li>
        <li>zoom in up to 400% without text spilling off the screen</li>
        <li>read every page on a small phone screen, without scrolling sideways</li>
        <li>use the intranet without JavaScript</li>
        <li>change colours and fonts in your browser settings</li>
      </ul>
      <p>We write in plain English, so pages are easy to understand.</p>
      <h2>How we test it</h2>
      <p>
        Every page is checked automatically against the Web Content Accessibility Guidelines (WCAG) 2.2, level AA, each time the
        intranet changes. We also test with a keyboard and at small screen sizes.
      </p>
      <h2>What we know is not perfect</h2>
      <ul>
        <li>Some documents written by teams (for example old PDFs linked from guides) may not be accessible.</li>
        <li>Comparing two versions of a policy shows changes in colour; each change is also marked in words for screen readers.</li>
      </ul>
      <h2>If something does not work for you</h2>
      <p>
        Tell the ICT service desk on extension 4000 or at{" "}
        <a href="mailto:servicedesk@riverside.gov.uk">servicedesk@riverside.gov.uk</a>. Say which page it was and what went
        wrong. We will reply within 5 working days. If you need information in another format, we will provide it.
      </p>
      <p className="muted">This statement was last reviewed in 2026.</p>
    </div>
  );
}
