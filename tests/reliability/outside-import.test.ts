/**
 * `npm run import` run beside a live intranet (a cluster, as `npm start` runs it): a
 * guide added to the content folder is found by the server's search within seconds,
 * with no restart, because the import records its changes and the leader follows them.
 * Runs on both databases: in the PostgreSQL run the server and the import both use that
 * file's database (DATABASE_URL, inherited).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../e2e/server";
import { DEMO_EMAILS, DEMO_PASSWORD, ensureBuild, rawRequest, signInViaForm } from "../security/support";

let server: RunningServer;
beforeAll(async () => {
  ensureBuild();
  server = await startServer({ WORKERS: "2" });
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("npm run import beside a running server", () => {
  it("makes a new guide searchable through the server within seconds", async () => {
    const content = path.join(server.dir, "content");
    fs.cpSync("content", content, { recursive: true });
    fs.writeFileSync(
      path.join(content, "guides", "walrus-welfare-visits.md"),
      `---
title: Arrange a walrus welfare visit
summary: "How the aquarium team books a welfare visit for the walrus colony."
department: waste-street-scene
tags: [walrus, aquarium]
owner: kevin.doyle@riverside.gov.uk
last_reviewed: 2026-09-30
review_by: 2027-09-30
audience: everyone
published: 2026-11-20
---

## Steps

1. Book the walrus welfare vet through the aquarium desk.
`,
    );
    const staff = await signInViaForm(server.url, DEMO_EMAILS.staff, DEMO_PASSWORD);
    const search = async () => (await rawRequest(server.url, { path: "/search?q=walrus", headers: { cookie: staff } })).body;
    expect(await search()).not.toContain("welfare visit");

    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/import.ts", "--content", content], {
      env: { ...process.env, DATABASE_PATH: server.databasePath, LOG_LEVEL: "error" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/created\s+1\b/);

    const started = Date.now();
    for (;;) {
      if ((await search()).includes("welfare visit")) break;
      if (Date.now() - started > 60_000) throw new Error("the imported guide never became searchable");
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(JSON.stringify({ searchableAfterImportMs: Date.now() - started }));
  }, 120_000);
});
