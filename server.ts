// The server build scripts/serve.mjs loads (remix.config.js `server`): Remix's own build, with every
// route's loader and action wrapped so that responses entry.server.tsx never sees — downloads,
// JSON, redirects, thrown responses — carry the security headers too; and every loader in its
// request's scope, so that the session is read once per request (app/kit/http/request-scope.server.ts).
import * as build from "@remix-run/dev/server-build";

import { withRequestScope } from "~/kit/http/request-scope.server";
import { secureBuild } from "~/kit/http/security-headers.server";

// scripts/serve.mjs asks it before handing a request to Remix.
export { refuseForeignOrigin } from "~/kit/http/security-headers.server";

export const {
  assets,
  assetsBuildDirectory,
  basename,
  entry,
  future,
  isSpaMode,
  mode,
  publicPath,
  routes,
} = secureBuild(withRequestScope(build));
