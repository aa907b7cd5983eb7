// The app in process through Remix's own request handler in production mode, behind the origin
// check scripts/serve.mjs runs first, built the way server.ts builds it: the route files as the flat-routes convention finds them,
// app/entry.server.tsx, the future flags from remix.config.js, and `secureBuild` around every
// loader and action (every loader in its request's scope, `withRequestScope`). Only the browser assets manifest is a stand-in (nothing here loads
// scripts). Call it in a beforeAll, after useTestDatabase: entry.server opens the database on
// import.
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { fileURLToPath } from "node:url";

import { withRequestScope } from "~/kit/http/request-scope.server";
import { refuseForeignOrigin, secureBuild } from "~/kit/http/security-headers.server";

import remixConfig from "../../remix.config.js";

type RouteModule = ServerBuild["routes"][string]["module"];
// Flat files and folder routes (`<id>/route.tsx` beside their colocated parts).
const routeFiles = import.meta.glob<RouteModule>([
  "../../app/routes/*.tsx",
  "../../app/routes/*/route.tsx",
]);

export type Handle = (request: Request) => Promise<Response>;

/** The request handler, and the URL path of every route module by its flat-route id. */
export async function createAppHandler(): Promise<{ handle: Handle; build: ServerBuild }> {
  const appDir = fileURLToPath(new URL("../../app", import.meta.url));
  const manifest = flatRoutes(appDir, remixConfig.ignoredRouteFiles);
  const routes: ServerBuild["routes"] = {
    root: { id: "root", path: "", module: (await import("../../app/root")) as RouteModule },
  };
  for (const route of Object.values(manifest)) {
    const load = routeFiles[`../../app/${route.file}`];
    if (!load) throw new Error(`no module for ${route.file}`);
    routes[route.id] = {
      id: route.id,
      parentId: route.parentId,
      path: route.path,
      index: route.index,
      caseSensitive: route.caseSensitive,
      module: await load(),
    };
  }
  const assetRoutes = Object.fromEntries(
    Object.values(routes).map((r) => [
      r!.id,
      {
        id: r!.id,
        parentId: r!.parentId,
        path: r!.path,
        index: r!.index,
        caseSensitive: r!.caseSensitive,
        module: `/build/${r!.id}.js`,
        imports: [],
        hasAction: Boolean(r!.module.action),
        hasLoader: Boolean(r!.module.loader),
        hasClientAction: false,
        hasClientLoader: false,
        hasErrorBoundary: Boolean(r!.module.ErrorBoundary),
      },
    ]),
  );
  const build = {
    mode: "production",
    entry: { module: await import("../../app/entry.server") },
    routes,
    assets: {
      entry: { module: "/build/entry.client.js", imports: [] },
      routes: assetRoutes,
      url: "/build/manifest-test.js",
      version: "test",
    },
    future: remixConfig.future,
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    basename: undefined,
    isSpaMode: false,
  } as unknown as ServerBuild;
  const remix = createRequestHandler(secureBuild(withRequestScope(build)), "production");
  // What scripts/serve.mjs does before Remix.
  const handle: Handle = async (request) => refuseForeignOrigin(request) ?? remix(request);
  return { handle, build };
}
