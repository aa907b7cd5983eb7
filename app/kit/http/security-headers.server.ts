import { randomBytes } from "node:crypto";

import { type ServerBuild } from "@remix-run/node";

import { databaseErrorResponse } from "~/kit/http/database-errors.server";
import {
  assertSameOrigin,
  foreignOriginReason,
  foreignOriginResponse,
  type RequestHead,
} from "~/kit/http/same-origin.server";

// Security headers on every response the app makes (docs/security.md "Header").
//
// Documents and single-fetch data get theirs in entry.server.tsx. Everything else never passes
// through entry.server: resource routes (XLSX/CSV downloads, OCDS JSON), redirects — thrown by
// a loader on a document request, too — and responses a loader or action throws. server.ts wraps
// every route's loader and action with `secureBuild`, so those get `resourceHeaders`; a route
// cannot forget it, and a new route is covered without doing anything. Not covered: the static
// files the server (scripts/serve.mjs) itself serves from public/ (scripts, styles, fonts with their proper types).

const common = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
};

/**
 * HTML pages and their data. Scripts run only from our origin or with the request's nonce
 * (entry.server.tsx puts it on every inline script Remix writes); without a nonce (the data of
 * single-fetch requests, which is no document) no inline script runs at all.
 */
export function documentCsp(nonce?: string) {
  return [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}'` : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

export const securityHeaders: Record<string, string> = {
  "Content-Security-Policy": documentCsp(),
  ...common,
};

/** A fresh nonce for one document: 128 random bits. */
export function createNonce() {
  return randomBytes(16).toString("base64");
}

export const HSTS = "max-age=31536000; includeSubDomains";

/**
 * Served over HTTPS: the request URL says so, or — only behind a proxy named in TRUST_PROXY
 * (decision 012; scripts/serve.mjs drops the header from every other connection) — its
 * X-Forwarded-Proto. Without a proxy that header is the client's word.
 */
export function servedOverHttps(request: Request) {
  if (new URL(request.url).protocol === "https:") return true;
  return (
    (process.env.TRUST_PROXY ?? "").trim() !== "" &&
    request.headers.get("X-Forwarded-Proto")?.split(",")[0]?.trim() === "https"
  );
}

/** Strict-Transport-Security on an answer over HTTPS (never on plain HTTP: the demo). */
export function addTransportHeader(headers: Headers, request: Request | undefined) {
  if (request && servedOverHttps(request) && !headers.has("Strict-Transport-Security")) {
    headers.set("Strict-Transport-Security", HSTS);
  }
}

/**
 * Files, JSON and redirects: nothing in them may run, load or be framed, even if a browser is
 * talked into rendering a download as a page.
 */
export const resourceHeaders: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  ...common,
};

/**
 * The 403 with headers for a state-changing request from another origin, or null. The server
 * (scripts/serve.mjs) asks this before Remix sees the request: Remix's own check would throw
 * and answer a bare 500 without any header.
 */
export function refuseForeignOrigin(request: RequestHead): Response | null {
  if (foreignOriginReason(request) === null) return null;
  const response = foreignOriginResponse();
  addHeaders(response.headers, resourceHeaders);
  return response;
}

/** Sets the headers a response does not set itself (a route may choose its own). */
export function addHeaders(headers: Headers, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    if (!headers.has(name)) headers.set(name, value);
  }
}

type RouteFunction = (...args: never[]) => unknown;

/**
 * For a resource route an unexpected error would end in Remix's last-resort answer, which has
 * none of our headers; it becomes a German 500 here instead, and the error goes to the log.
 * Page routes rethrow it to their error boundary, which entry.server renders with headers.
 */
export const INTERNAL_ERROR_TEXT =
  "Interner Fehler. Bitte versuchen Sie es später erneut; besteht der Fehler fort, wenden Sie sich an die Administration.";

/**
 * Every loader and action: an action first passes the origin check (one place for all of them,
 * before any body is read); database refusals become their German 400/409 (one mapping, in
 * app/kit/http/database-errors.server.ts); every Response gets the headers.
 */
function withResourceHeaders<F extends RouteFunction>(
  fn: F,
  { resource, action }: { resource: boolean; action: boolean },
): F {
  const wrapped = async (...args: Parameters<F>) => {
    const request = (args[0] as { request?: Request } | undefined)?.request;
    const secure = (response: Response) => {
      addHeaders(response.headers, resourceHeaders);
      addTransportHeader(response.headers, request);
      return response;
    };
    try {
      if (action && request) assertSameOrigin(request);
      const result = await fn(...args);
      return result instanceof Response ? secure(result) : result;
    } catch (thrown) {
      if (thrown instanceof Response) throw secure(thrown);
      if (isAbort(thrown, args)) throw thrown;
      const refused = databaseErrorResponse(thrown);
      if (refused) throw secure(refused);
      if (resource) {
        console.error(thrown);
        const headers = new Headers({ "Content-Type": "text/plain; charset=utf-8" });
        return secure(new Response(INTERNAL_ERROR_TEXT, { status: 500, headers }));
      }
      throw thrown;
    }
  };
  return wrapped as unknown as F;
}

/** A request the client gave up on is no server error (Remix handles the abort itself). */
function isAbort(thrown: unknown, args: unknown[]): boolean {
  const request = (args[0] as { request?: Request } | undefined)?.request;
  return request?.signal.aborted === true && thrown === request.signal.reason;
}

/** The server build with every loader and action wrapped (used by server.ts and the tests). */
export function secureBuild<B extends Pick<ServerBuild, "routes">>(build: B): B {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const { loader, action, default: component, ErrorBoundary } = route.module;
    // Remix's own test for a resource route: no component and no error boundary.
    const resource = component == null && ErrorBoundary == null;
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        ...(loader ? { loader: withResourceHeaders(loader, { resource, action: false }) } : {}),
        ...(action ? { action: withResourceHeaders(action, { resource, action: true }) } : {}),
      },
    };
  }
  return { ...build, routes };
}
