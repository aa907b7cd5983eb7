// What the loaders of one request share (issue 19): Remix runs a document's loaders (root and
// route) side by side, each with its own Request object, but with the one load context of the
// request (scripts/serve.mjs's getLoadContext, or the `{}` Remix makes when there is none). Every
// loader runs inside the scope of its context, so a value computed once per request — the
// session's user, which the root loader and the route's `requireRole` both ask for — is read
// once. Actions get no scope: what they change is read afresh by the loaders that follow them
// in the same request. Outside a scope (a loader called directly, as tests do) nothing is shared.
import { AsyncLocalStorage } from "node:async_hooks";

import { type ServerBuild } from "@remix-run/node";

type Scope = Map<string, unknown>;

const storage = new AsyncLocalStorage<Scope>();
const scopes = new WeakMap<object, Scope>();

/** The value for `key` computed once in this request's loaders (a rejection is shared too). */
export function oncePerRequest<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const scope = storage.getStore();
  if (!scope) return compute();
  let value = scope.get(key) as Promise<T> | undefined;
  if (!value) {
    value = compute();
    scope.set(key, value);
  }
  return value;
}

type LoaderArgs = { context?: unknown };

/** The build with every route's loader run in its request's scope. */
export function withRequestScope<B extends Pick<ServerBuild, "routes">>(build: B): B {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const { loader } = route.module;
    routes[id] = loader
      ? {
          ...route,
          module: {
            ...route.module,
            loader: (args: LoaderArgs) => {
              const context = args.context;
              if (typeof context !== "object" || context === null) return loader(args as never);
              let scope = scopes.get(context);
              if (!scope) {
                scope = new Map();
                scopes.set(context, scope);
              }
              return storage.run(scope, () => loader(args as never));
            },
          },
        }
      : route;
  }
  return { ...build, routes };
}
