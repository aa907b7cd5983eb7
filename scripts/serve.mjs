// The production server (`npm start`): what `remix-serve` does in production — compression, the
// build's fingerprinted assets cached for a year, public/ for an hour, one log line per request —
// with one step before Remix: a state-changing request from another origin gets our German 403
// with the security headers. Remix's own check of the same (throwIfPotentialCSRFAttack) runs
// before any route and answered a bare 500 without a single header (decision 013).
// Usage: node scripts/serve.mjs build/index.js
/* global process, console, Headers */
import path from "node:path";
import url from "node:url";

import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";
const buildPath = path.resolve(process.argv[2] ?? "build/index.js");
const build = await import(url.pathToFileURL(buildPath).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });

/** The head of an express request as the origin check reads it. */
function headOf(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return { method: req.method, headers, url: `http://localhost${req.originalUrl}` };
}

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(
  build.publicPath,
  express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }),
);
app.use(express.static("public", { maxAge: "1h" }));
app.use(morgan("tiny"));
app.use(async (req, res, next) => {
  const refused = build.refuseForeignOrigin(headOf(req));
  if (!refused) return next();
  res.status(refused.status);
  refused.headers.forEach((value, name) => res.setHeader(name, value));
  res.send(await refused.text());
});
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT ?? 3000);
const onListen = () => console.log(`[serve] http://localhost:${port}`);
if (process.env.HOST) app.listen(port, process.env.HOST, onListen);
else app.listen(port, onListen);
