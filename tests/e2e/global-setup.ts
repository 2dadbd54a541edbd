import type { TestProject } from "vitest/node";
import { startServer, type RunningServer } from "./server";

let server: RunningServer | undefined;

/** One server with the demo council for the whole e2e run; tests read its URL with inject("baseURL"). */
export async function setup(project: TestProject) {
  server = await startServer();
  project.provide("baseURL", server.url);
  project.provide("demoPassword", "demo-password-for-tests");
}

export async function teardown() {
  await server?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    demoPassword: string;
  }
}
