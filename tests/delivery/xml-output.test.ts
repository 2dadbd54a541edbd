/**
 * Every XML document the intranet sends is XML 1.0, whatever is stored: a vertical tab
 * pasted from a word processor, a NUL, U+FFFE or a lone surrogate in an item's title,
 * summary or body (or a channel's or department's name) must not make a feed unreadable
 * for every subscriber (decision 077). Documents are checked with a strict XML 1.0 parser.
 */
import fs from "node:fs";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import * as channelFeed from "~/routes/channels.$slug.feed[.]xml";
import * as departmentFeed from "~/routes/departments.$slug.feed[.]xml";
import * as openSearch from "~/routes/opensearch[.]xml";
import * as publicFeed from "~/routes/public.feed[.]xml";
import { setSiteSetting } from "~/models/site-settings.server";
import { getDb } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { escapeXml, hasNonXmlChars, toXmlText, xmlResponse } from "~/utils/xml";
import { createChannel, createDepartment, createItem } from "../factories";
import { strictXmlProblems } from "../strict-xml";
import { anonymous, session, type Result } from "./http";
import { person } from "./org";

/** One of each kind of character XML 1.0 does not allow. */
const BAD = { "U+000B": "\u000B", "U+0000": "\u0000", "U+0001": "\u0001", "U+FFFE": "\uFFFE", "U+FFFF": "\uFFFF", "lone high surrogate": "\uD800", "lone low surrogate": "\uDC00" };
const plant = (word: string) => Object.values(BAD).map((c, i) => `${word}${i}${c}end`).join(" ");

describe("the strict XML 1.0 check the other tests rely on", () => {
  it.each(Object.entries(BAD))("rejects %s in text, attributes and CDATA (fast-xml-parser's validator does not)", (_name, c) => {
    for (const doc of [`<?xml version="1.0"?><a>x${c}y</a>`, `<a b="x${c}y"/>`, `<a><![CDATA[x${c}y]]></a>`]) {
      expect(strictXmlProblems(doc), JSON.stringify(doc)).not.toEqual([]);
      expect(XMLValidator.validate(doc)).toBe(true); // why a stricter parser is needed
    }
  });

  it("accepts what XML 1.0 allows, astral characters included, and rejects documents that are not well-formed", () => {
    expect(strictXmlProblems(`<?xml version="1.0"?><a t="\t">tab\tnewline\nCR\r é ✓ 😀 \uFFFD \u0085</a>`)).toEqual([]);
    expect(strictXmlProblems("<a>x</a><b/>")).not.toEqual([]);
    expect(strictXmlProblems("<a>&bogus;</a>")).not.toEqual([]);
    expect(strictXmlProblems("")).not.toEqual([]);
  });
});

describe("toXmlText and escapeXml", () => {
  it.each([
    ["line\u000Bbreak", " ", "line break"],
    ["line\u000Bbreak", "\n", "line\nbreak"],
    ["page\u000Cfeed", "\n", "page\nfeed"],
    ["nul\u0000gone \u0001\u001F\u007F", " ", "nulgone \u007F"],
    ["\uFFFE\uFFFFkept\uFFFD", " ", "kept\uFFFD"],
    ["lone\uD800 \uDC00pair😀", " ", "lone pair😀"],
    ["tab\tnewline\nreturn\r", " ", "tab\tnewline\nreturn\r"],
  ] as const)("%j (line break %j) → %j", (input, lineBreak, output) => {
    expect(toXmlText(input, lineBreak)).toBe(output);
    expect(hasNonXmlChars(output)).toBe(false);
  });

  it("escapes markup after removing what XML cannot carry", () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's\u000B\u0000</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s &lt;/a&gt;");
  });

  it("xmlResponse sends a clean document with its content type", async () => {
    const res = xmlResponse(`<a>${plant("x")}</a>`, { contentType: "application/xml", headers: { "Cache-Control": "no-store" } });
    expect(res.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(strictXmlProblems(await res.text())).toEqual([]);
  });
});

describe("every XML the intranet sends", () => {
  let responses: Record<string, () => Promise<Result>>;

  beforeAll(async () => {
    process.env.PUBLIC_URL = "https://intranet.riverside.test";
    process.env.COUNCIL_NAME = `Riverside\u000BBorough \uFFFECouncil\u0001`;
    resetEnvForTests();
    const department = await createDepartment({ slug: "housing", name: `Housing\u000BServices\u0000` });
    const channel = await createChannel({ slug: "repairs", name: `Repairs\u000Bupdates\uFFFF`, departmentId: department.id });
    // Stored as a word processor would leave it, bypassing the edges (data stored before they cleaned it).
    const item = await createItem({ title: plant("Title"), summary: plant("Summary"), body: plant("Body"), channelIds: [channel.id], departmentId: department.id, isPublic: true });
    await setSiteSetting(await getDb(), "public_pages", "on", null); // the public feed is served only with public pages on
    const guide = await createItem({ type: "guide", title: `Guide\u000Btitle`, summary: `Guide\u0000summary`, body: plant("Guide body"), departmentId: department.id });
    const stored = await (await getDb()).get<{ title: string; summary: string }>("SELECT title, summary FROM items WHERE id = ?", [item.id]);
    expect(stored!.title).toContain("\u000B"); // the bad data really is in the database
    expect(stored!.summary).toContain("\u000B");
    expect(guide.id).toBeGreaterThan(0);
    const reader = await session((await person(department.id)).id);
    responses = {
      "channels.$slug.feed[.]xml.tsx (RSS)": () => reader.get(channelFeed.loader, "/channels/repairs/feed.xml", { slug: "repairs" }),
      "channels.$slug.feed[.]xml.tsx (Atom)": () => reader.get(channelFeed.loader, "/channels/repairs/feed.xml?format=atom", { slug: "repairs" }),
      "departments.$slug.feed[.]xml.tsx (RSS)": () => reader.get(departmentFeed.loader, "/departments/housing/feed.xml", { slug: "housing" }),
      "departments.$slug.feed[.]xml.tsx (Atom)": () => reader.get(departmentFeed.loader, "/departments/housing/feed.xml?format=atom", { slug: "housing" }),
      "opensearch[.]xml.tsx": () => anonymous(openSearch.loader, "/opensearch.xml"),
      "public.feed[.]xml.tsx (RSS)": () => anonymous(publicFeed.loader, "/public/feed.xml"),
      "public.feed[.]xml.tsx (Atom)": () => anonymous(publicFeed.loader, "/public/feed.xml?format=atom"),
    };
  });

  it("is checked here: every XML route in app/routes is in this test's table", () => {
    const xmlRoutes = fs.readdirSync(path.join(process.cwd(), "app", "routes")).filter((f) => /xml/i.test(f));
    const covered = new Set(Object.keys(responses).map((k) => k.replace(/ \(.*\)$/, "")));
    expect(xmlRoutes.sort()).toEqual([...covered].sort());
  });

  it("goes through xmlResponse: no code sets an XML Content-Type header itself", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const abs = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(abs);
        else if (/\.tsx?$/.test(entry.name) && !abs.endsWith(path.join("utils", "xml.ts"))) {
          const source = fs.readFileSync(abs, "utf8");
          if (/content-type["'`]?\s*[:,][^\n]*(application\/[\w.+-]*xml|text\/xml)/i.test(source)) offenders.push(path.relative(process.cwd(), abs));
        }
      }
    };
    walk(path.join(process.cwd(), "app"));
    expect(offenders).toEqual([]);
  });

  it("is strict XML 1.0 with the bad characters planted in titles, summaries, bodies and names, and keeps the text around them", async () => {
    for (const [name, fetch] of Object.entries(responses)) {
      const res = await fetch();
      expect(res.status, name).toBe(200);
      expect(res.headers.get("content-type"), name).toMatch(/xml; charset=utf-8$/);
      expect(strictXmlProblems(res.body), name).toEqual([]);
      expect(hasNonXmlChars(res.body), name).toBe(false);
      if (name.startsWith("opensearch")) expect(res.body).toContain("Search the Riverside Borough Council staff intranet");
      else {
        expect(res.body, name).toContain("Title0 end"); // the vertical tab became a space
        expect(res.body, name).toContain("Summary1end"); // the NUL was removed
        if (!name.startsWith("public")) expect(res.body, name).toMatch(/Repairs updates|Housing Services/);
      }
    }
  });
});
