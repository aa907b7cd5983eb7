// Security headers on every kind of response (issue 7, docs/security.md "Header"), and no
// stack trace or SQL in a production error. The app runs in process through Remix's own request
// handler in production mode, built the way server.ts builds it for remix-serve: the route
// files as the flat-routes convention finds them, app/entry.server.tsx, the future flags from
// remix.config.js, and `secureBuild` around every loader and action. Only the browser assets
// manifest is a stand-in (nothing here loads scripts).
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { fileURLToPath } from "node:url";
import { vi } from "vitest";

import { getDb } from "#db/client";
import {
  INTERNAL_ERROR_TEXT,
  resourceHeaders,
  secureBuild,
  securityHeaders,
} from "~/kit/http/security-headers.server";

import remixConfig from "../../remix.config.js";
import { makeAwardedTender } from "../factories/awards";
import { makeUser } from "../factories/rounds";
import { cookieFor } from "../support/authorization";
import { useTestDatabase } from "../support/database";

useTestDatabase();

type RouteModule = ServerBuild["routes"][string]["module"];
const routeFiles = import.meta.glob<RouteModule>("../../app/routes/*.tsx");
const HOST = "headers.localhost";
const ORIGIN = `http://${HOST}`;

let handle: (request: Request) => Promise<Response>;
let world: { tenderId: string; treasurerCookie: string };

beforeAll(async () => {
  // Imported only now: entry.server opens the database on import, which useTestDatabase set up.
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
  handle = createRequestHandler(secureBuild(build), "production");

  const tender = await makeAwardedTender();
  const treasurer = await makeUser(tender.bodyIds[0]!, "treasurer");
  world = { tenderId: tender.tenderId, treasurerCookie: await cookieFor(treasurer.id) };
});

const get = (path: string, cookie?: string) =>
  handle(
    new Request(`${ORIGIN}${path}`, {
      headers: { Host: HOST, ...(cookie ? { Cookie: cookie } : {}) },
    }),
  );

type Kind = "document" | "resource";
const expectedCsp: Record<Kind, string> = {
  document: securityHeaders["Content-Security-Policy"]!,
  resource: resourceHeaders["Content-Security-Policy"]!,
};

function expectHeaders(response: Response, kind: Kind, what: string) {
  expect(
    {
      nosniff: response.headers.get("X-Content-Type-Options"),
      referrer: response.headers.get("Referrer-Policy"),
      frame: response.headers.get("X-Frame-Options"),
      csp: response.headers.get("Content-Security-Policy"),
    },
    what,
  ).toEqual({
    nosniff: "nosniff",
    referrer: "same-origin",
    frame: "DENY",
    csp: expectedCsp[kind],
  });
  expect(response.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
}

describe("security headers on every kind of response", () => {
  const seen: string[] = [];
  afterAll(() => console.log(`[headers] checked: ${seen.join(", ")}`));

  it.each<[string, () => string, number, Kind, RegExp | null, boolean?]>([
    ["document", () => "/anmelden", 200, "document", /^text\/html/],
    ["data (single fetch)", () => "/oeffentlich.data", 200, "document", /^text\/x-script/],
    [
      "xlsx download",
      () => `/oeffentlich/${world.tenderId}/preisblatt.xlsx`,
      200,
      "resource",
      /spreadsheetml/,
    ],
    [
      "csv download",
      () => `/kosten/${world.tenderId}/anteil.csv`,
      200,
      "resource",
      /^text\/csv/,
      true,
    ],
    ["OCDS JSON", () => "/api/ocds/tenders.json", 200, "resource", /^application\/json/],
    ["redirect (page loader)", () => "/bedarf", 302, "resource", null],
    ["404 page", () => "/gibt-es-nicht", 404, "document", /^text\/html/],
    [
      "404 of a resource route",
      () => "/api/ocds/tenders/00000000-0000-4000-8000-000000000000.json",
      404,
      "resource",
      null,
    ],
  ])("%s", async (what, path, status, kind, type, asTreasurer) => {
    const response = await get(path(), asTreasurer ? world.treasurerCookie : undefined);
    expect(response.status, what).toBe(status);
    if (type) expect(response.headers.get("Content-Type")).toMatch(type);
    expectHeaders(response, kind, what);
    seen.push(`${what} ${response.status}`);
  });

  it("redirect after a form post (the login action), and the redirect of a data request", async () => {
    const form = new FormData();
    form.set("email", "niemand@headers.example");
    form.set("password", "irgendein langes Passwort");
    const failed = await handle(
      new Request(`${ORIGIN}/anmelden`, {
        method: "POST",
        body: form,
        headers: { Origin: ORIGIN, Host: HOST },
      }),
    );
    expect(failed.status).toBe(400);
    expectHeaders(failed, "document", "failed login");
    // Logged out, a page's data: Remix answers 202 with the redirect inside.
    const data = await get("/bedarf.data");
    expect(data.status).toBe(202);
    expectHeaders(data, "document", "single-fetch redirect");
    const logout = await handle(
      new Request(`${ORIGIN}/abmelden`, {
        method: "POST",
        headers: { Origin: ORIGIN, Host: HOST },
      }),
    );
    expect(logout.status).toBe(302);
    expectHeaders(logout, "resource", "logout redirect");
    seen.push("form-post 400", "data redirect 202", "action redirect 302");
  });
});

describe("errors in production", () => {
  it("answer 500 with headers and without stack trace or SQL, and log the error", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const db = await getDb();
    await db.execute(sql`alter table tenders rename to tenders_versteckt`);
    try {
      const page = await get("/oeffentlich");
      const json = await get("/api/ocds/tenders.json");
      const pageText = await page.text();
      const jsonText = await json.text();
      expect(page.status).toBe(500);
      expect(json.status).toBe(500);
      expectHeaders(page, "document", "500 page");
      expectHeaders(json, "resource", "500 of a resource route");
      expect(pageText).toContain("Unerwarteter Fehler");
      expect(jsonText).toBe(INTERNAL_ERROR_TEXT);
      for (const text of [pageText, jsonText]) {
        expect(text).not.toMatch(/relation "|Failed query|select "|tenders_versteckt/i);
        expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.server\.ts|\.tsx?:\d+/);
      }
      // The server log has what the client does not.
      const messages = logged.mock.calls.map((call) => String(call[0]));
      expect(messages.some((m) => /tenders/.test(m) || /Failed query/.test(m))).toBe(true);
    } finally {
      await db.execute(sql`alter table tenders_versteckt rename to tenders`);
      logged.mockReset();
    }
  });
});
