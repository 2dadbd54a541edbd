/**
 * Offline reading (decision 124): "Save for offline" on a guide (only guides the person may
 * open), and /me/offline.json lists the must-reads and saved guides, none on a shared device.
 */
import { describe, expect, it } from "vitest";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import * as offline from "~/routes/me.offline";
import * as offlineJson from "~/routes/me.offline[.]json";
import { getDb } from "~/utils/db.server";
import { createSession, SESSION_COOKIE } from "~/utils/session.server";
import { createDepartment, createItem, createUser } from "../factories";

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<Response>;
async function call(handler: Handler, request: Request) {
  try {
    return await handler({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("saved for offline", () => {
  it("saves a guide the person may open, refuses others and bad input, and lists pages for the service worker", async () => {
    const dept = await createDepartment();
    const secret = await createDepartment();
    const u = await createUser({ departmentId: dept.id });
    const guide = await createItem({ type: "guide", slug: "of-guide", title: "Offline guide" });
    const hidden = await createItem({ type: "guide", slug: "of-hidden", title: "Hidden guide", audience: "departments", audienceDepartmentIds: [secret.id] } as never);
    const must = await createItem({ title: "Offline must-read", slug: "of-must", mustRead: true });
    const { token, csrfToken } = await createSession(u.id);
    const cookie = `${SESSION_COOKIE}=${token}`;
    const post = (fields: Record<string, string>) =>
      call(offline.action as Handler, new Request("http://localhost/me/offline", {
        method: "POST", headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrf: csrfToken, ...fields }),
      }));
    const saved = await post({ itemId: String(guide.id), intent: "save" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/guides/of-guide?offline=saved#offline");
    expect((await post({ itemId: String(hidden.id), intent: "save" })).status).toBe(404);
    expect((await post({ itemId: String(must.id), intent: "save" })).status).toBe(404);
    expect((await post({ itemId: "x", intent: "save" })).status).toBe(400);

    const list = await call(offlineJson.loader as Handler, new Request("http://localhost/me/offline.json", { headers: { cookie } }));
    expect(list.headers.get("cache-control")).toBe("no-store");
    const { pages } = await list.json();
    expect(pages).toEqual(expect.arrayContaining(["/", "/guides/of-guide", "/announcements/of-must"]));
    expect(pages).not.toContain("/guides/of-hidden");

    expect((await post({ itemId: String(guide.id), intent: "forget" })).status).toBe(302);
    const after = await (await call(offlineJson.loader as Handler, new Request("http://localhost/me/offline.json", { headers: { cookie } }))).json();
    expect(after.pages).not.toContain("/guides/of-guide");

    // On a shared device nothing signed-in is kept.
    const db = await getDb();
    const { lastID } = await db.run("INSERT INTO shared_devices (label, idle_minutes, created_at) VALUES ('Kiosk', 5, ?)", [new Date().toISOString()]);
    await db.run("UPDATE sessions SET shared_device_id = ? WHERE user_id = ?", [lastID, u.id]);
    const shared = await (await call(offlineJson.loader as Handler, new Request("http://localhost/me/offline.json", { headers: { cookie } }))).json();
    expect(shared.pages).toEqual([]);
  });
});
