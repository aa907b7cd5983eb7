import { type ServerBuild } from "@remix-run/node";

import { oncePerRequest, withRequestScope } from "~/kit/http/request-scope.server";

type Loader = (args: { context: object }) => Promise<unknown>;

function buildOf(loaders: Record<string, Loader>) {
  const routes = Object.fromEntries(
    Object.entries(loaders).map(([id, loader]) => [id, { id, path: id, module: { loader } }]),
  ) as unknown as ServerBuild["routes"];
  const scoped = withRequestScope({ routes });
  return (id: string, context: object) =>
    (scoped.routes[id]!.module.loader as unknown as Loader)({ context });
}

describe("oncePerRequest: what a request's loaders share (the session's user)", () => {
  it("computes once for the loaders of one request, again for the next request", async () => {
    let reads = 0;
    const read = () => oncePerRequest("session t", () => Promise.resolve(++reads));
    const call = buildOf({ root: read, page: read });
    const first = {};
    expect(await Promise.all([call("root", first), call("page", first)])).toEqual([1, 1]);
    const second = {};
    expect(await Promise.all([call("root", second), call("page", second)])).toEqual([2, 2]);
  });

  it("keeps keys apart and shares nothing outside a request's loaders", async () => {
    let reads = 0;
    const call = buildOf({
      a: () => oncePerRequest("session a", () => Promise.resolve(++reads)),
      b: () => oncePerRequest("session b", () => Promise.resolve(++reads)),
    });
    const context = {};
    expect([await call("a", context), await call("b", context)]).toEqual([1, 2]);
    const direct = () => oncePerRequest("session a", () => Promise.resolve(++reads));
    expect([await direct(), await direct()]).toEqual([3, 4]);
  });
});
