import { type ServerBuild } from "@remix-run/node";

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

/** HTML pages. Remix's inline scripts (hydration data) need 'unsafe-inline' until nonces. */
export const securityHeaders: Record<string, string> = {
  "Content-Security-Policy": [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; "),
  ...common,
};

/**
 * Files, JSON and redirects: nothing in them may run, load or be framed, even if a browser is
 * talked into rendering a download as a page.
 */
export const resourceHeaders: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  ...common,
};

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

function withResourceHeaders<F extends RouteFunction>(
  fn: F,
  { resource }: { resource: boolean },
): F {
  const wrapped = async (...args: Parameters<F>) => {
    try {
      const result = await fn(...args);
      if (result instanceof Response) addHeaders(result.headers, resourceHeaders);
      return result;
    } catch (thrown) {
      if (thrown instanceof Response) {
        addHeaders(thrown.headers, resourceHeaders);
      } else if (resource && !isAbort(thrown, args)) {
        console.error(thrown);
        const headers = new Headers({ "Content-Type": "text/plain; charset=utf-8" });
        addHeaders(headers, resourceHeaders);
        return new Response(INTERNAL_ERROR_TEXT, { status: 500, headers });
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
    const options = { resource: component == null && ErrorBoundary == null };
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        ...(loader ? { loader: withResourceHeaders(loader, options) } : {}),
        ...(action ? { action: withResourceHeaders(action, options) } : {}),
      },
    };
  }
  return { ...build, routes };
}
