/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  // server.ts re-exports Remix's build with security headers on every route's responses.
  server: "./server.ts",
  // Server-only packages stay external: they are loaded from node_modules at run time.
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // Off (decision 039): with lazy discovery every document matched its path's ancestors against
    // all routes again to inline a partial manifest (≈ 5 % of the demand page's CPU, issue 19);
    // the whole manifest of this app's 64 routes is one fingerprinted file (37 KB, 3 KB gzipped)
    // cached for a year, and navigation needs no /__manifest requests.
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: true,
  },
};
