/**
 * Serves the bare Remix build (BARE_REMIX_OUT/build) with Express and the Remix request
 * handler, as `remix-serve` would, with as many cluster workers as WORKERS (the intranet's
 * setting), so both are measured with the same number of processes.
 */
import cluster from "node:cluster";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import { createRequestHandler } from "@remix-run/express";

const workers = Number(process.env.WORKERS ?? 1);
if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
    process.exit(0);
  });
} else {
  const out = process.env.BARE_REMIX_OUT;
  const build = await import(pathToFileURL(path.join(out, "build", "index.js")).href);
  const app = express();
  app.disable("x-powered-by");
  app.use("/build", express.static(path.join(out, "public", "build"), { immutable: true, maxAge: "1y" }));
  app.all("*", createRequestHandler({ build, mode: "production" }));
  app.listen(Number(process.env.PORT), "127.0.0.1");
}
