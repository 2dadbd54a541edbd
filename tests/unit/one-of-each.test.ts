/**
 * Shared helpers exist once. Copies drift apart (two form readers with different size
 * limits, two "today"s with different return types, the item type → address map written
 * eight times), so this test reads every source file in app/ and fails when a second copy
 * appears. Where the one copy lives is named in each message.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ITEM_PATH, itemPath } from "~/utils/item-path";
import { ukTodayIso } from "~/utils/dates";
import { EDITOR_FORM, readForm, SMALL_FORM } from "~/utils/request-body.server";

const APP = path.resolve("app");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });
}

const files = sourceFiles(APP).map((file) => ({ file: path.relative(process.cwd(), file), text: fs.readFileSync(file, "utf8") }));

/** "file:line" of every line matching `pattern`, outside `except`. */
function linesMatching(pattern: RegExp, except: string[] = []): string[] {
  return files.flatMap(({ file, text }) =>
    except.includes(file) ? [] : text.split("\n").flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe("one of each shared helper", () => {
  it("reads forms in one place, and every caller states its size limit", () => {
    expect(linesMatching(/\bfunction\s+readForm\b|\breadForm\s*=\s*(async\s*)?\(/), "one readForm: app/utils/request-body.server.ts").toEqual([
      expect.stringMatching(/^app\/utils\/request-body\.server\.ts:/),
    ]);
    // A call with only the request would fall back to some unstated limit; there is none.
    expect(linesMatching(/\breadForm\((request|req)\)/), "readForm(request, SMALL_FORM | EDITOR_FORM)").toEqual([]);
    expect(SMALL_FORM.maxBytes).toBe(64 * 1024);
    expect(EDITOR_FORM.maxBytes).toBe(1_000_000);
  });

  it("knows today's UK date in one place, as an ISO day string", () => {
    expect(linesMatching(/\bfunction\s+ukToday\w*\b|\bukToday\w*\s*=\s*\(/), "one ukTodayIso: app/utils/dates.ts").toEqual([
      expect.stringMatching(/^app\/utils\/dates\.ts:.*function ukTodayIso\(/),
    ]);
    expect(ukTodayIso(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
  });

  it("maps item types to addresses in one place", () => {
    // A bare "/announcements/", "/policies/" or "/guides/" string is only ever the start of
    // an item address built from a type: that is what app/utils/item-path.ts is for.
    const copies = linesMatching(/["'`]\/(announcements|policies|guides)\/["'`]/, ["app/utils/item-path.ts"]);
    expect(copies, "use itemPath(type, slug) from app/utils/item-path.ts").toEqual([]);
    expect(itemPath("policy", "flexible-working")).toBe("/policies/flexible-working");
    expect(Object.keys(ITEM_PATH).sort()).toEqual(["announcement", "guide", "policy"]);
  });

  it("the one readForm refuses a body over the limit it is given, before reading it all", async () => {
    const body = "x=" + "a".repeat(70 * 1024);
    const post = (limit = SMALL_FORM) =>
      readForm(new Request("http://localhost/", { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }), limit);
    const refused = await post().catch((r: Response) => r);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(413);
    expect(await (refused as Response).text()).toMatch(/larger than this form accepts \(64 KB\)/);
    expect((await post(EDITOR_FORM)).get("x")).toHaveLength(70 * 1024);
    const huge = await readForm(
      new Request("http://localhost/", { method: "POST", body: "x=" + "a".repeat(1_000_001), headers: { "content-type": "application/x-www-form-urlencoded" } }),
      EDITOR_FORM,
    ).catch((r: Response) => r);
    expect(await (huge as Response).text()).toMatch(/200,000 characters/);
  });
});
