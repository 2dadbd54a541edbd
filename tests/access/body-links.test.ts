/**
 * Links an author writes in a body (`guide:bank-holiday-bin-rota`) point at pages whose
 * audience may exclude the reader. Followed, such a link ended on "page not found" (the
 * council-wide Christmas bins announcement linked a guide for Waste & Street Scene only).
 * Every body is shown through app/presenters/item-body.server.ts: the reader gets a link
 * where they can open the page, and its words with "(not available to you)" elsewhere.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loader as announcementLoader } from "~/routes/announcements.$slug";
import { loader as guideLoader } from "~/routes/guides.$slug";
import { loadPublicItem, setPublicPages } from "~/commands/public-pages.server";
import { createDepartment, createItem, createUser } from "../factories";
import { session } from "../delivery/http";

let waste: { id: number };
let planning: { id: number };
const BODY = [
  "See the [bin rota](guide:body-links-rota#christmas), the [open guide](guide:body-links-open),",
  "the [draft](guide:body-links-draft), the [old page](guide:body-links-gone) and [policy](policy:body-links-policy).",
].join(" ");

beforeAll(async () => {
  waste = await createDepartment({ name: "Body links waste" });
  planning = await createDepartment({ name: "Body links planning" });
  await createItem({ type: "guide", slug: "body-links-rota", title: "Rota", departmentId: waste.id, audience: "departments", audienceDepartmentIds: [waste.id] });
  await createItem({ type: "guide", slug: "body-links-open", title: "Open", isPublic: true });
  await createItem({ type: "guide", slug: "body-links-draft", title: "Draft", status: "draft" });
  await createItem({ type: "policy", slug: "body-links-policy", title: "Policy" });
  await createItem({ type: "announcement", slug: "body-links-news", title: "News", body: BODY, isPublic: true });
  await createItem({ type: "guide", slug: "body-links-guide", title: "Guide", body: BODY });
});

function anchors(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
}

describe("links in a body, for each reader", () => {
  it("someone outside the linked guide's audience gets its words, not a link to 'page not found'", async () => {
    const reader = await createUser({ role: "staff", departmentId: planning.id });
    const res = await (await session(reader.id)).get(announcementLoader, "/announcements/body-links-news", { slug: "body-links-news" });
    const html: string = (await res.json()).html;
    expect(anchors(html)).toEqual(["/guides/body-links-open", "/policies/body-links-policy"]);
    for (const words of ["bin rota", "draft", "old page"]) expect(html).toContain(`${words} <span class="link-unavailable__note">(not available to you)</span>`);
  });

  it("someone in its audience gets the link, with its place in the page kept", async () => {
    const reader = await createUser({ role: "staff", departmentId: waste.id });
    const res = await (await session(reader.id)).get(guideLoader, "/guides/body-links-guide", { slug: "body-links-guide" });
    const html: string = (await res.json()).html;
    expect(anchors(html)).toEqual(["/guides/body-links-rota#christmas", "/guides/body-links-open", "/policies/body-links-policy"]);
  });

  it("an editor, who may open drafts, gets the draft's link too", async () => {
    const admin = await createUser({ role: "admin", departmentId: null });
    const res = await (await session(admin.id)).get(guideLoader, "/guides/body-links-guide", { slug: "body-links-guide" });
    expect(anchors((await res.json()).html)).toContain("/guides/body-links-rota#christmas");
  });

  it("a public page links only other public pages, at their public address", async () => {
    const admin = await createUser({ role: "admin", departmentId: null });
    await setPublicPages({ id: admin.id, role: "admin", departmentId: null } as never, true);
    const page = await loadPublicItem("announcement", "body-links-news");
    expect(anchors(page!.html)).toEqual(["/public/guides/body-links-open"]);
    expect(page!.html).toContain("policy <span class=\"link-unavailable__note\">");
  });
});

describe("every page that shows a body shows it through the reader's links", () => {
  const ROUTES = path.join(process.cwd(), "app/routes");
  /** Where a body's HTML comes from already filtered, by the function that makes it. */
  const FILTERED_BY = ["itemBodyForReader", "itemBodyForViewer", "linksForReader", "storyPage", "loadPublicItem"];
  /** Pages whose text is the council's own fixed words, with no item links to check. */
  const FIXED_TEXT: Record<string, string> = {
    "accessibility.tsx": "the accessibility statement, from the settings an admin writes",
    "publicity.tsx": "the publicity rules text",
  };

  it("no route renders a stored body itself", () => {
    const offenders: string[] = [];
    for (const file of fs.readdirSync(ROUTES)) {
      const text = fs.readFileSync(path.join(ROUTES, file), "utf8");
      if (/\brenderedRevision\(/.test(text)) offenders.push(`${file}: calls renderedRevision (use itemBodyForReader)`);
      if (!/<RichText\b/.test(text) || FIXED_TEXT[file]) continue;
      if (!FILTERED_BY.some((f) => text.includes(f))) offenders.push(`${file}: shows <RichText> from none of ${FILTERED_BY.join(", ")}`);
    }
    expect(offenders).toEqual([]);
  });

  it("only the reader's-body presenter reads the stored render", () => {
    const users: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && /\brenderedRevision\(/.test(fs.readFileSync(p, "utf8"))) users.push(path.relative(process.cwd(), p));
      }
    };
    walk(path.join(process.cwd(), "app"));
    expect(users.sort()).toEqual(["app/models/revision.server.ts", "app/presenters/item-body.server.ts"]);
  });
});
