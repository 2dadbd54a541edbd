// The production server: Express serving the Remix build, static files and security
// headers. All app logic (database, start-up, shutdown) comes from the build's
// entry module so there is one copy of each module in the process.
//
// Hardening that has to happen before Remix sees a request lives here (docs/operations.md):
// friendly 4xx pages for undecodable URLs and bad Host headers, body size limits (413),
// unreadable form bodies become 400 instead of 500, request timeouts, a draining
// /healthcheck and a graceful stop on SIGTERM.
//
// One process per core (docs/decisions/066-one-process-per-core.md): with WORKERS > 1
// (the default on a machine with several cores) this process becomes the cluster's
// leader. It runs the background work and search, forks WORKERS page-serving workers,
// starts a new one if one dies, and stops them all on SIGTERM. With WORKERS=1 one process
// does everything.
import cluster from "node:cluster";
import express from "express";
import compression from "compression";
import { createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";

// React and Remix pick their production builds from NODE_ENV when first loaded (below):
// the development builds are several times slower and warn on every request.
process.env.NODE_ENV ??= "production";

const build = await import("./build/index.js");
const app_ = build.entry.module;

const LEVELS = { silent: 0, error: 1, info: 2, debug: 3 };
const logThreshold = LEVELS[process.env.LOG_LEVEL ?? "info"] ?? LEVELS.info;
/** One JSON object per line, the same shape as app/utils/log.server.ts writes. */
function logLine(level, msg, fields = {}) {
  if (LEVELS[level] > logThreshold) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}

let workers = 1;
try {
  workers = app_.workerCount(app_.getEnv());
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000);
/** Young-generation semi-space of each worker, in MB (V8's default is 16). */
const SEMI_SPACE_MB = 64;

if (cluster.isPrimary && workers > 1) await lead(workers);
else await serve(cluster.isWorker ? "worker" : "single");

/**
 * The cluster's leader: boots everything that runs once (migrations, content import,
 * search index, scheduler, outbox), then forks the page-serving workers and answers
 * their calls (searches, content changes) over IPC.
 */
async function lead(count) {
  try {
    await app_.boot("leader");
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
  // Structured clone, so calls carry Dates, Maps and Sets as they are. Workers get a larger
  // young generation (unless NODE_OPTIONS sets one): a page allocates a few MB that die
  // young, and the default 16 MB semi-space spent about 8 % of a worker's time in garbage
  // collection (docs/decisions/065-page-speed-findings.md). The leader's own small one
  // (`npm start`, decision 190: it holds the search index) is not passed on to them.
  const execArgv = process.execArgv.filter((a) => !a.startsWith("--max-semi-space-size"));
  if (!`${process.env.NODE_OPTIONS ?? ""}`.includes("semi-space")) execArgv.push(`--max-semi-space-size=${SEMI_SPACE_MB}`);
  cluster.setupPrimary({ serialization: "advanced", execArgv });
  let stopping = false;
  let welcomed = false;
  const crashes = [];

  const fork = () => {
    if (stopping) return;
    const worker = cluster.fork();
    worker.on("message", (msg) => {
      void app_.handleWorkerMessage(msg, (reply) => {
        if (worker.isConnected()) worker.send(reply, undefined, {}, () => undefined);
      });
    });
  };
  // Once every worker listens, say where to go (as a single process does).
  let listening = 0;
  cluster.on("listening", (_worker, address) => {
    if (welcomed || ++listening < count) return;
    welcomed = true;
    logLine("info", "listening", { url: `http://localhost:${address.port}`, workers: count });
    if (typeof app_.printWelcome === "function") app_.printWelcome(address.port);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    // A worker that died (out of memory, a fault in a native module) is replaced; one that
    // keeps dying right after start is a fault in the set-up, so the server stops instead.
    const now = Date.now();
    crashes.push(now);
    while (crashes[0] < now - 60_000) crashes.shift();
    logLine("error", "worker stopped unexpectedly; starting another", { pid: worker.process.pid, code, signal });
    if (crashes.length > 3 * count) {
      logLine("error", "workers keep stopping; shutting down");
      void stop("workers failing", 1);
      return;
    }
    setTimeout(fork, Math.min(5_000, 250 * crashes.length));
  });
  for (let i = 0; i < count; i++) fork();

  /** SIGTERM/SIGINT: each worker finishes its requests and stops, then background work stops and the database closes. */
  async function stop(signal, exitCode = 0) {
    if (stopping) return;
    stopping = true;
    logLine("info", "shutting down", { signal });
    const force = setTimeout(() => {
      logLine("error", "shutdown timed out; exiting");
      process.exit(1);
    }, shutdownTimeoutMs);
    force.unref();
    const running = Object.values(cluster.workers ?? {}).filter(Boolean);
    await Promise.all(
      running.map((w) => new Promise((resolve) => {
        if (w.isDead()) return resolve();
        w.once("exit", resolve);
        w.process.kill("SIGTERM");
      })),
    );
    try {
      await app_.shutdown();
      logLine("info", "stopped", { signal });
      process.exit(exitCode);
    } catch (err) {
      logLine("error", "shutdown failed", { error: String(err?.stack ?? err) });
      process.exit(1);
    }
  }
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/** Serves pages: the whole app in one process ("single"), or one worker of the cluster. */
async function serve(role) {
  try {
    await app_.boot(role);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
  const inCluster = role === "worker";

  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const https = (process.env.PUBLIC_URL ?? "").startsWith("https:");
  /** Largest request body we read (forms, uploads). Anything larger is refused with 413 before it is read. */
  const maxBodyBytes = Number(process.env.MAX_BODY_BYTES ?? 4 * 1024 * 1024);
  /** A too-large body up to this size is read and dropped before the 413, so the browser sees the answer. */
  const DRAIN_LIMIT_BYTES = 16 * maxBodyBytes;
  /**
   * Pages that take file uploads (decision 150) read up to twice the file limit
   * (UPLOAD_MAX_MB, 25 by default), so a file over the limit reaches the page and is
   * refused with a message naming it; anything larger gets the plain 413 page.
   */
  const UPLOAD_PATH = /^\/(editor\/(\d{1,10}\/documents|new\/(guide|policy)\/word)|comms-requests\/(new|\d{1,10}))$/;
  const uploadBodyBytes = (2 * Number(process.env.UPLOAD_MAX_MB ?? 25) + 1) * 1024 * 1024;
  const bodyLimitFor = (req) => (UPLOAD_PATH.test(req.path) ? Math.max(maxBodyBytes, uploadBodyBytes) : maxBodyBytes);

  // A body that cannot be parsed (broken multipart, JSON or no Content-Type sent to a form
  // action) makes Request#formData/json throw a TypeError, which Remix would answer with a
  // 500. Turn it into a 400 response that the route's error boundary shows as a friendly page.
  for (const method of ["formData", "json"]) {
    const original = Request.prototype[method];
    Request.prototype[method] = async function readBodyOr400(...args) {
      try {
        return await original.apply(this, args);
      } catch (error) {
        if (error instanceof Response || this.signal?.aborted) throw error;
        throw new Response("We could not read what was sent. Go back, check the form and try again.", { status: 400, statusText: "Bad Request" });
      }
    };
  }

  const stylesheet = (() => {
    try {
      return build.routes.root.module.links?.().find((l) => l.rel === "stylesheet")?.href ?? null;
    } catch {
      return null;
    }
  })();

  const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  /** A plain, friendly error page for requests that never reach Remix (the app's own pages handle the rest). */
  function sendErrorPage(res, status, title, message) {
    if (res.headersSent) return res.end();
    res.status(status);
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    res.end(`<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} – Riverside intranet</title>${stylesheet ? `<link rel="stylesheet" href="${escapeHtml(stylesheet)}">` : ""}</head>
  <body><div class="width-container"><main id="main-content"><div class="error-page"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>
  <p class="muted">Error code: ${status}</p><p><a href="/">Go to the intranet home page</a></p></div></main></div></body></html>`);
  }

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", process.env.TRUST_PROXY === "true" ? 1 : false);

  let stopping = false;

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const nonce = app_.makeNonce();
    const id = app_.makeRequestId();
    res.locals.cspNonce = nonce;
    res.setHeader("X-Request-Id", id);
    for (const [name, value] of Object.entries(app_.securityHeaders(nonce, { https }))) res.setHeader(name, value);
    if (stopping) res.setHeader("Connection", "close");
    res.on("finish", () => {
      if (stopping) server.closeIdleConnections?.();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // In a cluster, which worker answered (pid), so a slow or failing worker can be found.
      logLine("info", "request", { id, method: req.method, path: logPath(req), status: res.statusCode, ms: Math.round(ms * 10) / 10, ...(inCluster ? { pid: process.pid } : {}) });
    });
    next();
  });

  /** The path only (no query string: search terms stay out of logs), cut short if enormous. */
  function logPath(req) {
    const path = req.originalUrl.split("?")[0];
    return path.length > 200 ? `${path.slice(0, 200)}…` : path;
  }

  /** The host the browser used: the Host header, or a trusted proxy's X-Forwarded-Host. */
  function publicHost(req) {
    const forwarded = process.env.TRUST_PROXY === "true" ? req.get("x-forwarded-host")?.split(",")[0].trim() : undefined;
    return forwarded || req.get("host") || "localhost";
  }

  const ALLOWED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

  // Refuse what we cannot or will not read, before static files or Remix see it.
  app.use((req, res, next) => {
    // Only a known proxy may tell us the original host (Remix compares it with Origin).
    if (process.env.TRUST_PROXY !== "true") delete req.headers["x-forwarded-host"];
    try {
      decodeURIComponent(req.path);
      // Remix builds a URL from the Host header and the path; a header that makes no URL is a bad request.
      new URL(`http://${publicHost(req)}${req.originalUrl}`);
    } catch {
      return sendErrorPage(res, 400, "There is a problem with that web address", "The address has characters in it that we cannot read. Check it and try again.");
    }
    if (!ALLOWED_METHODS.has(req.method)) {
      res.setHeader("Allow", "GET, HEAD, POST");
      return sendErrorPage(res, 405, "That is not allowed here", "This page does not accept that kind of request.");
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      // Remix refuses a cross-site action by throwing a plain error (a 500); answer it here as
      // the 403 it is. The app's own CSRF check (origin and token) still runs on what passes.
      const origin = req.get("origin");
      if (origin && origin !== "null") {
        let originHost = null;
        try {
          originHost = new URL(origin).host;
        } catch {
          /* not a URL: refused below */
        }
        if (originHost !== publicHost(req))
          return sendErrorPage(res, 403, "You cannot do that", "This form was sent from another site, so we did not accept it.");
      }
      const length = req.get("content-length");
      const limit = bodyLimitFor(req);
      if (Number(length) > limit) {
        // Refused without keeping it. Answering while the client is still sending makes Node
        // reset the connection, and the browser would show a network error instead of this
        // page, so a moderately large body is read and dropped first; a huge one is cut off.
        const refuse = () => sendErrorPage(res, 413, "That was too big", `What you sent was larger than we accept (${Math.floor(limit / 1024 / 1024)} MB).`);
        if (Number(length) > Math.max(DRAIN_LIMIT_BYTES, limit)) return refuse();
        req.on("end", refuse);
        req.on("error", () => undefined);
        return void req.resume();
      }
    }
    if (stopping && req.path === "/healthcheck") {
      res.setHeader("Cache-Control", "no-store");
      return res.status(503).type("text/plain").send("Shutting down");
    }
    next();
  });

  app.use(compression());
  // Directory sync (SCIM 2.0, decision 142): the identity provider's API, bearer tokens only, before the pages.
  app.use("/scim/v2", app_.createScimRouter());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Files in public/ all have an extension; page addresses skip the file-system lookup.
  const publicFiles = express.static("public", { maxAge: "1h", index: false, redirect: false });
  app.use((req, res, next) => (/\.[A-Za-z0-9]+$/.test(req.path) ? publicFiles(req, res, next) : next()));
  const handleRemix = createRequestHandler(build, "production");

  /**
   * Reads the whole body (at most maxBodyBytes) before Remix sees the request. Bodies are
   * small forms, and reading them up front means an action that answers without reading
   * (a redirect to sign in, a CSRF refusal) never leaves unread bytes that would make Node
   * reset the connection under the browser's feet.
   */
  function readBody(req) {
    const limit = bodyLimitFor(req);
    const drain = Math.max(DRAIN_LIMIT_BYTES, limit);
    return new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      req.on("data", (chunk) => {
        size += chunk.length;
        if (size > drain) {
          req.removeAllListeners("data");
          return reject(Object.assign(new Error("body too large"), { status: 413 }));
        }
        if (size <= limit) chunks.push(chunk);
      });
      req.on("end", () => (size > limit ? reject(Object.assign(new Error("body too large"), { status: 413 })) : resolve(Buffer.concat(chunks))));
      req.on("error", (err) => reject(Object.assign(err, { status: 400 })));
    });
  }

  function remixHeaders(req) {
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
    }
    return headers;
  }

  const OWN_HEADERS = new Set(["content-security-policy", "x-content-type-options", "cross-origin-resource-policy", "cache-control"]);

  // The Remix request handler (what @remix-run/express does, with the body read up front).
  app.all("*", async (req, res, next) => {
    try {
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const init = { method: req.method, headers: remixHeaders(req), signal: controller.signal };
      if (req.method !== "GET" && req.method !== "HEAD") init.body = await readBody(req);
      const url = new URL(`${req.protocol}://${publicHost(req)}${req.originalUrl}`);
      // clientIp: the socket's address; a proxy's X-Forwarded-For only when TRUST_PROXY=true (sign-in throttling).
      const clientIp = process.env.TRUST_PROXY === "true" ? req.ip : req.socket.remoteAddress;
      // takesDocument: a page's HTML comes back as a string beside the answer (app_.documentOf, decision 270).
      const response = await handleRemix(new Request(url.href, init), { cspNonce: res.locals.cspNonce, clientIp, takesDocument: true });
      res.statusMessage = response.statusText;
      res.status(response.status);
      // A response's own security headers (an attached file's CSP and caching) replace the defaults.
      for (const [key, value] of response.headers.entries()) {
        if (OWN_HEADERS.has(key)) res.setHeader(key, value);
        else res.append(key, value);
      }
      // A 304 (a page's ETag matched, decision 191): the browser shows the page it stored, so it keeps the
      // policy stored with it; a new one would carry a nonce the stored page's scripts do not have.
      if (response.status === 304) res.removeHeader("Content-Security-Policy");
      const document = app_.documentOf(response);
      if (document !== undefined) {
        // Its length, so the browser knows it has it all (compression takes it off when it packs the page).
        res.setHeader("Content-Length", Buffer.byteLength(document));
        res.end(document);
      } else if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  });

  // Errors that escaped everything above: client mistakes found by Express or static files
  // (bad ranges, aborted bodies) keep their 4xx; anything else is logged and gets a 500 page.
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, _next) => {
    const status = Number(err?.status ?? err?.statusCode);
    if (status === 413) return sendErrorPage(res, 413, "That was too big", `What you sent was larger than we accept (${Math.floor(maxBodyBytes / 1024 / 1024)} MB).`);
    if (status >= 400 && status < 500) return sendErrorPage(res, status, "There is a problem with that request", "Something in the address or the form was not right.");
    logLine("error", "unhandled", { path: logPath(req), error: String(err?.stack ?? err) });
    sendErrorPage(res, 500, "Sorry, there is a problem with the intranet", "Try again later. If it keeps happening, contact the ICT service desk.");
  });

  const server = app.listen(port, host, () => {
    if (inCluster) return; // the leader says where to go, once
    const address = server.address();
    const actual = typeof address === "object" && address ? address.port : port;
    logLine("info", "listening", { url: `http://localhost:${actual}` });
    if (typeof app_.printWelcome === "function") app_.printWelcome(actual);
  });
  // Requests Node itself cannot parse (broken HTTP, headers over 16 KB, a request timeout)
  // never reach Express: answer them too, with the security headers, instead of Node's bare reply.
  server.on("clientError", (err, socket) => {
    if (err.code === "ECONNRESET" || !socket.writable) return socket.destroy();
    const [status, reason] = err.code === "HPE_HEADER_OVERFLOW" ? [431, "Request Header Fields Too Large"] : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? [408, "Request Timeout"] : [400, "Bad Request"];
    const body = `${reason}\n`;
    const headers = Object.entries(app_.securityHeaders(app_.makeNonce(), { https })).map(([k, v]) => `${k}: ${v}\r\n`).join("");
    // A HEAD request (its method is in the bytes read so far) gets the headers only: a body would be read as the next answer.
    const head = Buffer.isBuffer(err.rawPacket) && err.rawPacket.subarray(0, 5).toString("latin1") === "HEAD ";
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n${headers}\r\n${head ? "" : body}`);
  });
  // Keep-alive longer than a load balancer's idle timeout; whole requests (headers and body)
  // must arrive within REQUEST_TIMEOUT_MS, so a slow client cannot hold a connection forever.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = Number(process.env.REQUEST_TIMEOUT_MS ?? 30_000);

  /**
   * SIGTERM/SIGINT: stop accepting connections, answer /healthcheck with 503, let requests
   * in flight finish (keep-alive connections close after their current response), then
   * close the database (which checkpoints the WAL) and exit 0. Gives up after 10 seconds.
   */
  async function stop(signal) {
    if (stopping) return;
    stopping = true;
    // A worker's own lines have their own names, so "stopped" is the whole server's last word.
    logLine("info", inCluster ? "worker shutting down" : "shutting down", { signal, ...(inCluster ? { pid: process.pid } : {}) });
    const force = setTimeout(() => {
      logLine("error", "shutdown timed out; exiting");
      process.exit(1);
    }, shutdownTimeoutMs);
    force.unref();
    server.close(async () => {
      try {
        await app_.shutdown();
        logLine("info", inCluster ? "worker stopped" : "stopped", { signal, ...(inCluster ? { pid: process.pid } : {}) });
        process.exit(0);
      } catch (err) {
        logLine("error", "shutdown failed", { error: String(err?.stack ?? err) });
        process.exit(1);
      }
    });
    server.closeIdleConnections?.();
  }
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  // The leader went away (it was killed): finish what is in flight and stop too.
  if (inCluster) process.on("disconnect", () => stop("leader gone"));
}
