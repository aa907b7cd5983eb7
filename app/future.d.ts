// Single fetch changes what loaders and actions return; tell the types (Remix v2 docs).
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
