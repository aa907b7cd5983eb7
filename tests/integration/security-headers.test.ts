// Security headers on every kind of response (issue 7, docs/security.md "Header"), and no
// stack trace or SQL in a production error. The app runs in process through Remix's own request
// handler in production mode (tests/support/app-handler.ts), built the way server.ts builds it.
import { sql } from "drizzle-orm";
import { vi } from "vitest";

import { getDb } from "#db/client";
import {
  documentCsp,
  INTERNAL_ERROR_TEXT,
  resourceHeaders,
  securityHeaders,
} from "~/kit/http/security-headers.server";

import { makeAwardedTender } from "../factories/awards";
import { makeUser } from "../factories/rounds";
import { createAppHandler, type Handle } from "../support/app-handler";
import { cookieFor } from "../support/authorization";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const HOST = "headers.localhost";
const ORIGIN = `http://${HOST}`;

let handle: Handle;
let world: { tenderId: string; treasurerCookie: string };

beforeAll(async () => {
  ({ handle } = await createAppHandler());
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

/** An HTML page's CSP names its own nonce; its data and everything else have a fixed CSP. */
function expectedCsp(response: Response, kind: Kind) {
  if (kind === "resource") return resourceHeaders["Content-Security-Policy"]!;
  if (!response.headers.get("Content-Type")?.startsWith("text/html")) {
    return securityHeaders["Content-Security-Policy"]!;
  }
  const nonce = nonceOf(response);
  expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  return documentCsp(nonce);
}

function nonceOf(response: Response) {
  return /'nonce-([^']+)'/.exec(response.headers.get("Content-Security-Policy") ?? "")?.[1];
}

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
    csp: expectedCsp(response, kind),
  });
  expect(response.headers.get("Content-Security-Policy")).not.toContain("'unsafe-inline' 'self'");
  expect(
    /script-src [^;]*unsafe-inline/.test(response.headers.get("Content-Security-Policy")!),
  ).toBe(false);
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
  it("lets anyone cache a published tender's files, revalidated since an award changes them", async () => {
    for (const file of ["preisblatt.xlsx", "leistungsverzeichnis.xlsx"]) {
      const response = await get(`/oeffentlich/${world.tenderId}/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get("Cache-Control"), file).toBe(
        "public, max-age=0, must-revalidate",
      );
    }
    const denied = await get(`/oeffentlich/00000000-0000-4000-8000-000000000000/preisblatt.xlsx`);
    expect(denied.status).toBe(404);
  });
});

describe("scripts only with the request's nonce (issue 13 point 8)", () => {
  it("puts a fresh nonce on every script of a page and allows no other inline script", async () => {
    const pages = [await get("/anmelden"), await get("/gibt-es-nicht")];
    const nonces = new Set<string>();
    for (const page of pages) {
      const nonce = nonceOf(page)!;
      nonces.add(nonce);
      const csp = page.headers.get("Content-Security-Policy")!;
      expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
      const html = await page.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
      // Remix's context, the route modules' import and ScrollRestoration, at least.
      expect(scripts.length).toBeGreaterThanOrEqual(3);
      expect(scripts.filter((tag) => !tag.includes(` nonce="${nonce}"`))).toEqual([]);
      // No inline event handler either (they cannot carry a nonce).
      expect(html).not.toMatch(/<[^>]+\son[a-z]+=/i);
    }
    expect(nonces.size).toBe(pages.length);
  });
});

describe("Strict-Transport-Security over HTTPS only (issue 13 point 8)", () => {
  const hsts = (url: string, headers: Record<string, string> = {}) =>
    handle(new Request(url, { headers: { Host: HOST, ...headers } })).then((r) =>
      r.headers.get("Strict-Transport-Security"),
    );

  afterEach(() => {
    delete process.env.TRUST_PROXY;
  });

  it.each([
    ["https document", `https://${HOST}/anmelden`, {}, false, true],
    ["https redirect", `https://${HOST}/bedarf`, {}, false, true],
    ["https data", `https://${HOST}/oeffentlich.data`, {}, false, true],
    ["http document", `${ORIGIN}/anmelden`, {}, false, false],
    [
      "forwarded https, proxy not trusted",
      `${ORIGIN}/anmelden`,
      { "X-Forwarded-Proto": "https" },
      false,
      false,
    ],
    [
      "forwarded https behind our proxy",
      `${ORIGIN}/anmelden`,
      { "X-Forwarded-Proto": "https" },
      true,
      true,
    ],
    [
      "forwarded http behind our proxy",
      `${ORIGIN}/bedarf`,
      { "X-Forwarded-Proto": "http" },
      true,
      false,
    ],
  ] as const)("%s", async (_what, url, headers, trustProxy, expected) => {
    if (trustProxy) process.env.TRUST_PROXY = "127.0.0.1";
    expect(await hsts(url, headers)).toBe(expected ? "max-age=31536000; includeSubDomains" : null);
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
