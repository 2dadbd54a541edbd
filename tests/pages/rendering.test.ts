import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { audienceText } from "~/components/AudienceText";
import { TableOfContents } from "~/components/TableOfContents";
import { getRevision, renderedRevision } from "~/models/revision.server";
import { getDb } from "~/utils/db.server";
import { RENDERER_VERSION, renderMarkdown, wrapWideBlocks } from "~/utils/markdown.server";
import { createItem } from "../factories";

describe("rendering for readers", () => {
  it("names task-list checkboxes in words, since they cannot be ticked on a reading page", () => {
    const { html } = renderMarkdown("- [ ] Meet at reception\n- [x] Send the contract");
    expect(html).toContain('<input type="checkbox" disabled aria-label="To do" /> Meet at reception');
    expect(html).toContain('<input type="checkbox" disabled checked aria-label="Done" /> Send the contract');
  });

  it("keeps no attribute the content itself put on an input", () => {
    const { html } = renderMarkdown('<input type="checkbox" aria-label="Click me" onclick="alert(1)" name="x"> <input type="text" value="y">');
    expect(html).not.toContain("Click me");
    expect(html).not.toContain("onclick");
    expect(html).not.toContain('type="text"');
  });

  it("links the table of contents to the heading ids", () => {
    const { toc, html } = renderMarkdown("## Before you start\n\n### Receipts\n\n## Make a claim");
    const nav = renderToStaticMarkup(createElement(TableOfContents, { entries: toc }));
    for (const entry of toc) {
      expect(nav).toContain(`href="#${entry.id}"`);
      expect(html).toContain(`id="${entry.id}"`);
    }
    expect(nav).toContain('class="toc-level-3"');
  });

  it.each([
    [{ kind: "everyone" as const, departments: [], roles: [] }, "Everyone at the council"],
    [{ kind: "departments" as const, departments: ["Housing"], roles: [] }, "Housing staff only"],
    [{ kind: "departments" as const, departments: ["Adult Social Care", "Children's Services"], roles: [] }, "Adult Social Care and Children's Services staff only"],
    [{ kind: "roles" as const, departments: [], roles: ["manager", "comms", "admin"] }, "Managers, communications editors and administrators only"],
  ])("says who can see an item: %j", (audience, text) => {
    expect(audienceText(audience)).toBe(text);
  });
});

/** The regions wrapped around wide blocks: [label, what is inside]. */
function regions(html: string): [string, string][] {
  return [...html.matchAll(/<div class="scroll-region" role="region" aria-label="([^"]*)" tabindex="0">(<table>|<pre>)/g)].map((m) => [m[1], m[2]]);
}

describe("wide tables and code blocks scroll in their own region, never the page", () => {
  const table = "| Day | Usual | New | Notes |\n| --- | --- | --- | --- |\n| Thursday 25 December | Thursday | Saturday 27 December | Garden waste paused |";

  it("puts each table and code block in a labelled, focusable region, numbered in order", () => {
    const { html } = renderMarkdown(`${table}\n\n\`\`\`\nnpm run import\n\`\`\`\n\n${table}\n\n    indented code`);
    expect(regions(html)).toEqual([["Table 1", "<table>"], ["Code example 1", "<pre>"], ["Table 2", "<table>"], ["Code example 2", "<pre>"]]);
    // Every table and pre is inside one: none is left bare.
    expect(html.match(/<table>/g)).toHaveLength(2);
    expect(html.match(/<pre>/g)).toHaveLength(2);
  });

  it("names a table by its caption when it has one, as plain, escaped text", () => {
    const { html } = renderMarkdown('<table><caption>Bin days &amp; <em>"dates"</em></caption><tr><td>Mon</td></tr></table>');
    expect(regions(html)).toEqual([["Bin days &amp; &quot;dates&quot;", "<table>"]]);
  });

  it("wraps a table inside a table once, around the outer one", () => {
    const { html } = renderMarkdown("<table><tr><td><table><tr><td>inner</td></tr></table></td></tr></table>");
    expect(regions(html)).toEqual([["Table 1", "<table>"]]);
    expect(html.match(/scroll-region/g)).toHaveLength(1);
  });

  it("grants authors nothing: a region, role, tabindex or label written in the content is removed", () => {
    const { html } = renderMarkdown('<div class="scroll-region" role="region" aria-label="Mine" tabindex="0" onfocus="alert(1)">x</div>\n\n<span tabindex="5" role="button">y</span>');
    expect(html).not.toMatch(/role=|tabindex|aria-label|onfocus|scroll-region/);
  });

  it("leaves text that only mentions tables alone", () => {
    expect(wrapWideBlocks("<p>&lt;table&gt; and &lt;pre&gt; in words</p>")).toBe("<p>&lt;table&gt; and &lt;pre&gt; in words</p>");
  });

  it("re-renders HTML cached by an older renderer, so existing pages get their regions", async () => {
    const { revisionId } = await createItem({ body: table });
    const db = await getDb();
    // As cached before this renderer: the same table, no region.
    await db.run("UPDATE revisions SET html = ?, html_version = ? WHERE id = ?", ["<table><tr><td>old</td></tr></table>", RENDERER_VERSION - 1, revisionId]);
    const { html } = await renderedRevision((await getRevision(db, revisionId))!);
    expect(regions(html)).toEqual([["Table 1", "<table>"]]);
    expect((await getRevision(db, revisionId))!.htmlVersion).toBe(RENDERER_VERSION);
  });
});
