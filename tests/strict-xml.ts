/**
 * A strict XML 1.0 check for every XML the intranet sends. fast-xml-parser's validator
 * accepts control characters, U+FFFE and lone surrogates, so documents go through saxes
 * (a conformant XML 1.0 parser that reports "disallowed character"), plus a check for lone
 * surrogates, which saxes lets through when a letter follows them.
 */
import { SaxesParser } from "saxes";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The problems a strict XML 1.0 parser finds in `xml` (empty when it is a well-formed document). */
export function strictXmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const lone = LONE_SURROGATE.exec(xml);
  if (lone) problems.push(`lone surrogate U+${lone[0].charCodeAt(0).toString(16).toUpperCase()} at offset ${lone.index}`);
  const parser = new SaxesParser({ xmlns: false, position: true });
  let root = false;
  parser.on("opentag", () => (root = true));
  parser.on("error", (e) => problems.push(e.message));
  try {
    parser.write(xml).close();
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (!root) problems.push("no root element");
  return problems;
}
