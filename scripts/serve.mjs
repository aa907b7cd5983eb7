// @ts-check
// The production server (`npm start`; decision 012): what remix-serve did — compression, the
// fingerprinted build assets cached for a year, public/ for an hour — plus what it could not:
// the client's address for the login throttle, handed to every loader and action as
// `context.clientAddress`. That is the socket's address; X-Forwarded-For, -Host and -Proto
// count only when the socket is a proxy named in TRUST_PROXY (a comma list of addresses or
// networks, e.g. `127.0.0.1` or `10.0.0.2,10.0.0.3`), and then the right-most entry that is not
// such a proxy is the client (express's `trust proxy`, proxy-addr). From anyone else these
// headers are removed before the app sees them. No request log (remix-serve wrote one per
// request). A state-changing request from another origin gets our German 403 with the
// security headers before Remix, whose own check (throwIfPotentialCSRFAttack) answered a bare 500
// without a single header (decision 013). SIGTERM/SIGINT: app/entry.server.tsx closes the database and exits at once.
// Plain JavaScript, so production needs neither a TypeScript loader nor a second build.
/* global process, console, Headers, setTimeout */
import { isIP } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);
const FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded"];

/**
 * Our server build (server.ts) exports the origin check beside Remix's own build.
 * @typedef {import("@remix-run/node").ServerBuild & {
 *   refuseForeignOrigin: (head: { method: string, headers: Headers, url: string }) => Response | null
 * }} Build
 */

/**
 * The head of an express request as the origin check reads it.
 * @param {import("express").Request} req
 */
function headOf(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return { method: req.method, headers, url: `http://localhost${req.originalUrl}` };
}

/**
 * The express app around a Remix server build.
 * @param {Build} build
 * @param {{ trustProxy?: string, mode?: string }} [options]
 */
export function createApp(build, { trustProxy = process.env.TRUST_PROXY ?? "", mode } = {}) {
  const app = express();
  app.disable("x-powered-by");
  const proxies = trustProxy
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  // Each an address or network (or proxy-addr's names): "1", the hop count express would also
  // take, is refused — it trusts whatever the nearest hop claims to have seen.
  const bad = proxies.filter(
    (entry) => !PROXY_NAMES.has(entry) && isIP(entry.split("/")[0] ?? "") === 0,
  );
  if (bad.length > 0) {
    throw new Error(
      `TRUST_PROXY muss die Adressen der Proxys nennen, durch Kommas getrennt (z. B. 127.0.0.1 oder 10.0.0.2,10.0.0.3), nicht „${bad.join(", ")}“.`,
    );
  }
  app.set("trust proxy", proxies.length === 0 ? false : proxies);
  /** @type {(address: string, hop: number) => boolean} */
  const trusted = app.get("trust proxy fn");
  app.use((req, _res, next) => {
    if (!trusted(req.socket.remoteAddress ?? "", 0)) {
      for (const name of FORWARDED_HEADERS) delete req.headers[name];
    }
    next();
  });
  app.use(compression());
  app.use(
    build.publicPath,
    express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }),
  );
  app.use(express.static("public", { maxAge: "1h" }));
  app.use(async (req, res, next) => {
    const refused = build.refuseForeignOrigin(headOf(req));
    if (!refused) return next();
    res.status(refused.status);
    refused.headers.forEach((value, name) => res.setHeader(name, value));
    res.send(await refused.text());
  });
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: mode ?? process.env.NODE_ENV,
      getLoadContext: (req) => ({ clientAddress: req.ip ?? req.socket.remoteAddress }),
    }),
  );
  return app;
}

/**
 * WEB_CONCURRENCY=N (default 1): N worker processes behind the one port (node:cluster; the
 * primary accepts the connections and hands them round-robin to the workers). Every worker is
 * this same server with its own database pool; all state lives in the database (sessions, the
 * login throttle, export progress, the mail outbox, whose rows each worker's mail pass claims
 * with FOR UPDATE SKIP LOCKED, so no mail goes out twice). SIGTERM/SIGINT on the primary stops
 * every worker at once; a worker that dies otherwise is replaced. Only the first worker
 * migrates (DATABASE_MIGRATIONS as configured); the others start after it and only verify. PostgreSQL only: PGlite's data
 * directory has one owner, so with PGlite the server refuses more than one process.
 * @returns {Promise<boolean>} true in the primary of a cluster (which serves nothing itself)
 */
async function startCluster() {
  const workers = Number(process.env.WEB_CONCURRENCY ?? 1);
  if (!Number.isInteger(workers) || workers < 1) {
    throw new Error(
      `WEB_CONCURRENCY muss eine ganze Zahl ab 1 sein, nicht "${process.env.WEB_CONCURRENCY}".`,
    );
  }
  if (workers === 1) return false;
  const { default: cluster } = await import("node:cluster");
  if (!cluster.isPrimary) return false;
  if (!(process.env.DATABASE_URL ?? "").startsWith("postgres")) {
    throw new Error(
      "WEB_CONCURRENCY > 1 braucht PostgreSQL (DATABASE_URL); PGlite hat einen Besitzer.",
    );
  }
  let listening = 0;
  let stopping = false;
  // The first worker migrates (DATABASE_MIGRATIONS as set); the others start once it listens
  // and only verify, so N processes never run the same migration at once.
  const verifyOnly = { DATABASE_MIGRATIONS: "verify" };
  cluster.fork();
  cluster.on("listening", () => {
    if (++listening === 1) for (let i = 1; i < workers; i++) cluster.fork(verifyOnly);
    if (listening === workers) console.error(`[bündelkauf] ${workers} workers listening`);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (listening < workers) {
      // A worker that fails before all listen (no database, bad configuration) would fail again.
      console.error(
        `[bündelkauf] worker ${worker.process.pid} failed at start (${signal ?? code})`,
      );
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
      process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    console.error(
      `[bündelkauf] worker ${worker.process.pid} exited (${signal ?? code}), restarting`,
    );
    cluster.fork(verifyOnly);
  });
  for (const signal of /** @type {const} */ (["SIGTERM", "SIGINT"])) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      setTimeout(() => process.exit(0), 5_000).unref();
    });
  }
  return true;
}

const entry = process.argv[1];
if (
  entry &&
  import.meta.url === pathToFileURL(path.resolve(entry)).href &&
  !(await startCluster())
) {
  process.env.NODE_ENV ??= "production";
  process.setSourceMapsEnabled(true);
  const buildPath = path.resolve(process.argv[2] ?? "build/index.js");
  /** @type {Build} */
  const build = await import(pathToFileURL(buildPath).href);
  installGlobals({ nativeFetch: build.future.v3_singleFetch });
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST;
  const app = createApp(build);
  const onListen = () => console.log(`[bündelkauf] http://${host ?? "localhost"}:${port}`);
  if (host) app.listen(port, host, onListen);
  else app.listen(port, onListen);
}
