/**
 * The production server from a private copy of the build. A long browser test that runs
 * while the working tree is rebuilt would otherwise lose its scripts and styles mid-test
 * (remix build replaces public/build). The copy shares node_modules, migrations, content
 * and app/ (read at run time) by symlink; build/, public/ and server.js are copied.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer, type RunningServer } from "./server";

export async function startIsolatedServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const source = process.cwd();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "intranet-build-"));
  for (const dir of ["build", "public"]) fs.cpSync(path.join(source, dir), path.join(root, dir), { recursive: true });
  for (const file of ["server.js", "package.json"]) fs.copyFileSync(path.join(source, file), path.join(root, file));
  for (const link of ["node_modules", "migrations", "content", "app"]) fs.symlinkSync(path.join(source, link), path.join(root, link));
  process.chdir(root);
  let server: RunningServer;
  try {
    server = await startServer(env);
  } finally {
    process.chdir(source);
  }
  return {
    ...server,
    stop: async () => {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
