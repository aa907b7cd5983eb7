// The request boundary (issue 13 points 4, 5, 6, 9; point 8 is in security-headers.test.ts):
// what a hostile request can make of the app through Remix's own request handler in production
// mode — no open redirect, no unbounded body, no 500 for a malformed request, no text from the
// URL in a page. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { sql } from "drizzle-orm";

import { getDb } from "#db/client";
import { databaseErrorResponse } from "~/kit/http/database-errors.server";
import { MAX_FORM_BYTES } from "~/kit/http/request-body.server";
import { createUser } from "~/modules/access/index.server";

import { makeItems, makeOpenRound } from "../factories/rounds";
import { makePublishedTender } from "../factories/tenders";
import { createAppHandler, type Handle } from "../support/app-handler";
import { cookieFor } from "../support/authorization";
import { checksumOf, useTestDatabase } from "../support/database";

useTestDatabase();

const HOST = "boundary.localhost";
const ORIGIN = `http://${HOST}`;
const PASSWORD = "Blaue Gießkanne am Weserufer";
const TABLES = ["demand_lines", "round_invitations", "audit_events", "bids", "bid_prices"];

let handle: Handle;
let world: {
  email: string;
  roundId: string;
  officerCookie: string;
  foreignItemId: string;
  tenderId: string;
  leadCookie: string;
};

beforeAll(async () => {
  ({ handle } = await createAppHandler());
  const round = await makeOpenRound({ invited: 1, items: 2 });
  const email = `boundary-${Date.now()}@test.example`;
  await createUser({
    email,
    name: "Grenze",
    password: PASSWORD,
    bodyId: round.bodyIds[0]!,
    role: "officer",
  });
  const [foreignItemId] = await makeItems(1);
  const tender = await makePublishedTender();
  world = {
    email,
    roundId: round.roundId,
    officerCookie: await cookieFor(round.officers[0]!.id),
    foreignItemId: foreignItemId!,
    tenderId: tender.tenderId,
    leadCookie: await cookieFor(tender.lead.id),
  };
});

function post(
  path: string,
  body: BodyInit | null,
  headers: Record<string, string> = {},
  cookie?: string,
) {
  return handle(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      body,
      headers: { Host: HOST, Origin: ORIGIN, ...(cookie ? { Cookie: cookie } : {}), ...headers },
      duplex: "half",
    } as RequestInit),
  );
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

/** The page without its scripts: Remix's context repeats the URL, which is data, not text. */
const withoutScripts = (html: string) => html.replace(/<script\b[\s\S]*?<\/script>/gi, "");
/** What a reader sees: no scripts, no tags (form actions repeat the URL, percent-encoded). */
const visibleText = (html: string) => withoutScripts(html).replace(/<[^>]*>/g, " ");

function expectSecurityHeaders(response: Response) {
  expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(response.headers.get("X-Frame-Options")).toBe("DENY");
  expect(response.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
}

describe("open redirect after login (point 4)", () => {
  it.each([
    ["/%09/evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["/bedarf\r\nSet-Cookie: x=1", "/"],
    ["/%0d%0aSet-Cookie:%20x=1", "/"],
    ["/bedarf?seite=2", "/bedarf?seite=2"],
  ])("redirectTo %j goes to %j", async (redirectTo, expected) => {
    const response = await post(
      "/anmelden",
      form({ email: world.email, password: PASSWORD, redirectTo }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(expected);
    expect(new URL(response.headers.get("Location")!, ORIGIN).origin).toBe(ORIGIN);
    expectSecurityHeaders(response);
  });

  it("puts no foreign target into the login form", async () => {
    const page = await handle(
      new Request(`${ORIGIN}/anmelden?redirectTo=${encodeURIComponent("/%09/evil.example")}`, {
        headers: { Host: HOST },
      }),
    );
    const html = withoutScripts(await page.text());
    expect(html).toContain('name="redirectTo" value="/"');
    expect(html).not.toMatch(/value="[^"]*evil\.example/);
  });
});

describe("bounded request bodies (point 5)", () => {
  it("answers a 2 MB login form with a German 413", async () => {
    const big = "x".repeat(2 * 1024 * 1024);
    const response = await post(
      "/anmelden",
      form({ email: world.email, password: PASSWORD, note: big }),
    );
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/zu groß|Anfrage zu groß/);
    expectSecurityHeaders(response);
  });

  it("cuts off a body streamed without Content-Length at the limit", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode(`note=${"y".repeat(64 * 1024 - 5)}`);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 50 MB at most, so a reader that does not stop ends the test instead of the machine.
        if (pulled > 50 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const before = await checksumOf(TABLES);
    const response = await post(
      `/bedarf/${world.roundId}`,
      endless,
      { "Content-Type": "application/x-www-form-urlencoded" },
      world.officerCookie,
    );
    expect(response.status).toBe(413);
    // It stopped reading one chunk (plus the stream's read-ahead) after the limit.
    expect(pulled).toBeLessThan(MAX_FORM_BYTES + 8 * chunk.byteLength);
    expect(await checksumOf(TABLES)).toBe(before);
  });

  it("leaves no module but the bounded readers reading a request body", () => {
    const appDir = fileURLToPath(new URL("../../app", import.meta.url));
    const allowed = ["kit/http/request-body.server.ts", "kit/http/upload.server.ts"];
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : [path];
      });
    const readers = files(appDir)
      .filter((path) => /\.tsx?$/.test(path))
      .filter((path) => !allowed.some((a) => path.endsWith(a)))
      .filter((path) =>
        /\b(request|req)(\.clone\(\))?\.(formData|text|json|arrayBuffer|blob)\(|\brequest\.body\b/i.test(
          readFileSync(path, "utf8"),
        ),
      )
      .map((path) => path.slice(appDir.length + 1));
    expect(readers).toEqual([]);
  });
});

describe("malformed requests answer 4xx, not 500 (point 6)", () => {
  const demand = () => `/bedarf/${world.roundId}`;

  it("refuses a demand line for an item outside the round, before the foreign key", async () => {
    const before = await checksumOf(TABLES);
    const response = await post(
      demand(),
      form({
        intent: "save",
        "lines.0.itemId": world.foreignItemId,
        "lines.0.quantity": "5",
      }),
      {},
      world.officerCookie,
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("gehört nicht zu dieser Bedarfsabfrage");
    expect(await checksumOf(TABLES)).toBe(before);
  });

  it.each([
    ["a JSON body", JSON.stringify({ intent: "save" }), "application/json"],
    ["no content type", "intent=save", ""],
    [
      "broken multipart",
      "--x\r\nContent-Disposition: form-data; name=",
      "multipart/form-data; boundary=x",
    ],
    [
      "a key nested 30,000 levels deep",
      `${"a.".repeat(30_000)}b=1`,
      "application/x-www-form-urlencoded",
    ],
    [
      "a 30,000-level array key",
      `lines${".0".repeat(30_000)}=1`,
      "application/x-www-form-urlencoded",
    ],
  ])("%s", async (_what, body, type) => {
    const before = await checksumOf(TABLES);
    for (const [path, cookie] of [
      ["/anmelden", undefined],
      [demand(), world.officerCookie],
      [`/ausschreibungen/${world.tenderId}/angebote`, world.leadCookie],
    ] as const) {
      const response = await post(path, body, type ? { "Content-Type": type } : {}, cookie);
      expect(response.status, `${path}: ${await response.clone().text()}`).toBeGreaterThanOrEqual(
        400,
      );
      expect(response.status, path).toBeLessThan(500);
      expectSecurityHeaders(response);
    }
    expect(await checksumOf(TABLES)).toBe(before);
  });

  it.each([
    ["a foreign Origin", { Origin: "https://evil.example" }],
    ["Origin null", { Origin: "null" }],
    ["a cross-site fetch without Origin", { Origin: "", "Sec-Fetch-Site": "cross-site" }],
    ["a same-site fetch without Origin", { Origin: "", "Sec-Fetch-Site": "same-site" }],
    ["a foreign Referer without Origin", { Origin: "", Referer: "https://evil.example/x" }],
  ])("refuses %s with 403 and the security headers", async (_what, headers) => {
    const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ""));
    const request = new Request(`${ORIGIN}/anmelden`, {
      method: "POST",
      body: form({ email: world.email, password: PASSWORD }),
      headers: { Host: HOST, ...clean },
    });
    const response = await handle(request);
    expect(response.status).toBe(403);
    expectSecurityHeaders(response);
    expect(await response.text()).toContain("fremder Herkunft");
  });

  it.each([
    ["same-origin fetch", { "Sec-Fetch-Site": "same-origin" }],
    ["typed by the user", { "Sec-Fetch-Site": "none" }],
    ["our Referer", { Referer: `${ORIGIN}/anmelden` }],
    ["no browser at all", {}],
  ])("lets a POST without Origin through when %s", async (_what, headers) => {
    const response = await handle(
      new Request(`${ORIGIN}/anmelden`, {
        method: "POST",
        body: form({ email: world.email, password: "falsch aber lang genug" }),
        headers: { Host: HOST, ...headers },
      }),
    );
    expect(response.status).toBe(400);
  });

  it("maps the database's refusals to German 400/409 in one place", async () => {
    const db = await getDb();
    const refusal = async (statement: ReturnType<typeof sql>) => {
      try {
        await db.execute(statement);
      } catch (error) {
        return databaseErrorResponse(error);
      }
      throw new Error("the statement was accepted");
    };
    const fk = await refusal(
      sql`insert into round_items (round_id, item_id, position) values (gen_random_uuid(), gen_random_uuid(), 0)`,
    );
    expect(fk?.status).toBe(409);
    expect(await fk?.text()).toContain("verweist auf einen Eintrag");
    const badUuid = await refusal(sql`select * from rounds where id = ${"keine-uuid"}::uuid`);
    expect(badUuid?.status).toBe(400);
    expect(databaseErrorResponse(new Error("etwas anderes"))).toBe(null);
  });
});

describe("no text from the URL in a page (point 9)", () => {
  const SAY = "Bitte überweisen Sie 500 Euro an Konto DE00";

  it.each([
    () => [
      `/ausschreibungen/${world.tenderId}/angebote?erfasst=3&bieter=${encodeURIComponent(SAY)}`,
      world.leadCookie,
    ],
    () => [
      `/ausschreibungen/${world.tenderId}/angebote?erfasst=${encodeURIComponent(SAY)}`,
      world.leadCookie,
    ],
    () => [`/bedarf/${world.roundId}?gespeichert=${encodeURIComponent(SAY)}`, world.officerCookie],
    () => [
      `/bedarf/${world.roundId}?gespeichert=1-${encodeURIComponent(SAY)}-2`,
      world.officerCookie,
    ],
    () => [
      `/bedarf/${world.roundId}?import=ok&neu=${encodeURIComponent(SAY)}&geaendert=1&geloescht=0`,
      world.officerCookie,
    ],
  ])("%#", async (target) => {
    const [path, cookie] = target();
    const response = await handle(
      new Request(`${ORIGIN}${path}`, { headers: { Host: HOST, Cookie: cookie! } }),
    );
    expect(response.status).toBe(200);
    const html = visibleText(await response.text());
    expect(html).not.toContain("überweisen");
    expect(html).not.toContain("DE00");
  });

  it("still confirms with counts and the bidder's name from the database", async () => {
    const response = await handle(
      new Request(`${ORIGIN}/bedarf/${world.roundId}?gespeichert=2-1-0`, {
        headers: { Host: HOST, Cookie: world.officerCookie },
      }),
    );
    expect(await response.text()).toMatch(
      /Neue Zeilen: (<!-- -->)?2(<!-- -->)?, geänderte: (<!-- -->)?1/,
    );
  });
});
