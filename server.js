// The production server: Express serving the Remix build, static files and security
// headers. All app logic (database, start-up, shutdown) comes from the build's
// entry module so there is one copy of each module in the process.
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";

const build = await import("./build/index.js");
const app_ = build.entry.module;

try {
  await app_.boot();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const https = (process.env.PUBLIC_URL ?? "").startsWith("https:");

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "true" ? 1 : false);

app.use((req, res, next) => {
  const started = process.hrtime.bigint();
  const nonce = app_.makeNonce();
  res.locals.cspNonce = nonce;
  for (const [name, value] of Object.entries(app_.securityHeaders(nonce, { https }))) res.setHeader(name, value);
  res.on("finish", () => {
    if (process.env.LOG_LEVEL === "silent") return;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "request", method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }));
  });
  next();
});
app.use(compression());
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h", index: false }));
app.all(
  "*",
  createRequestHandler({
    build,
    mode: "production",
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }),
  }),
);

const server = app.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "listening", url: `http://localhost:${actual}` }));
  if (typeof app_.printWelcome === "function") app_.printWelcome(actual);
});
server.keepAliveTimeout = 65_000;

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "shutting down", signal }));
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close(async () => {
    await app_.shutdown();
    process.exit(0);
  });
  server.closeIdleConnections?.();
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
