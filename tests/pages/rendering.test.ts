import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { audienceText } from "~/components/AudienceText";
import { TableOfContents } from "~/components/TableOfContents";
import { renderMarkdown } from "~/utils/markdown.server";

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
