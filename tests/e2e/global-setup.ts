import type { TestProject } from "vitest/node";
import { startServer, type RunningServer } from "./server";

let server: RunningServer | undefined;

/** One server with the demo council for the whole e2e run; tests read its URL with inject("baseURL"). */
export async function setup(project: TestProject) {
  server = await startServer();
  project.provide("baseURL", server.url);
  project.provide("demoPassword", "demo-password-for-tests");
  project.provide("databasePath", server.databasePath);
}

export async function teardown() {
  await server?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    demoPassword: string;
    /** The e2e server's database, for tests that list what is in it (read-only). */
    databasePath: string;
  }
}
