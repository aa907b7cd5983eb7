// Single fetch changes what loaders and actions return; tell the types (Remix v2 docs).
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// What scripts/serve.mjs hands every loader and action (getLoadContext): the client's address as
// the socket (or a proxy named in TRUST_PROXY) saw it. Absent when the app runs without that
// server (tests calling the handler directly, `remix dev`).
declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    clientAddress?: string;
  }
}
