/// <reference types="vite/client" />
// Fuzzing every route action (issue 13 point 6): random and malformed bodies — random
// URL-encoded fields with nasty names and values, JSON, multipart garbage, keys nested 30,000
// levels deep, values past the form limit, wrong content types — posted through Remix's own
// request handler (tests/support/app-handler.ts) to every route with an action, as every role
// of every body of the authorization matrix's world and logged out, as document and as
// single-fetch (.data) requests. No answer may be a 5xx or lack the security headers, and no
// row may change: the fuzz fields never carry a real intent, so every request is refused.
// Bounded in time (TIME_BUDGET_MS per database); it reports the requests and statuses.
import fc from "fast-check";

import { type Role, roles } from "~/domain/vocabulary";

import { createAppHandler, type Handle } from "../support/app-handler";
import {
  buildWorld,
  type Context,
  contexts,
  cookieFor,
  listRouteIds,
  loadRouteModule,
  routeUrl,
  type World,
} from "../support/authorization";
import { checksumOf, useTestDatabase } from "../support/database";

useTestDatabase();

const HOST = "fuzz.localhost";
const ORIGIN = `http://${HOST}`;
const TIME_BUDGET_MS = 40_000;
const BODIES_PER_CALLER = 4;
/** Every table but sessions (each caller logs in with a fresh one; logging out ends it). */
const TABLES = [
  "bodies",
  "users",
  "login_attempts",
  "audit_events",
  "catalogue_items",
  "rounds",
  "round_items",
  "round_invitations",
  "demand_lines",
  "tenders",
  "tender_rounds",
  "tender_participants",
  "lots",
  "lot_items",
  "quality_criteria",
  "shared_costs",
  "tender_lines",
  "bids",
  "bid_prices",
  "awards",
  "lot_splits",
  "split_groups",
  "split_bodies",
  "split_shares",
  "export_runs",
  "mail_outbox",
  "mail_opt_outs",
];

type RouteModule = { action?: unknown; default?: unknown };

type Body = { what: string; type: string | null; body: () => BodyInit };

function bodyArbitrary(world: World): fc.Arbitrary<Body> {
  const keys = [
    "intent",
    "lines.0.itemId",
    "lines.0.quantity",
    "lines.0.id",
    "lines.0.version",
    "removed.0.id",
    "removed.0.version",
    "itemIds",
    "redirectTo",
    "email",
    "password",
    "lotId",
    "bidId",
    "bidderName",
    "prices.0",
    "quality.0.points",
    "title",
    "budgetYear",
    "deadline",
    "bodyIds",
    "userId",
    "__proto__",
    "__proto__.polluted",
    "constructor.prototype.polluted",
    "a..b",
    "lines.99999999.quantity",
    "lines.-1.quantity",
    "a.".repeat(30_000) + "b",
    "lines" + ".0".repeat(30_000),
  ];
  const values = [
    world.params.itemId!,
    world.params.roundId!,
    world.params.lotId!,
    "00000000-0000-0000-0000-000000000000",
    "",
    " ",
    "NaN",
    "Infinity",
    "-1",
    "1e308",
    "9".repeat(40),
    "1.000.000,5",
    "\u0000",
    "\ud800",
    "<script>alert(1)</script>",
    "' or 1=1 --",
    "2027-02-30",
    "x".repeat(100_000),
  ];
  const key = fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 20 }));
  const value = fc.oneof(fc.constantFrom(...values), fc.string({ unit: "binary", maxLength: 40 }));
  const fields = fc.array(fc.tuple(key, value), { maxLength: 10 });
  const form = "application/x-www-form-urlencoded";
  return fc.oneof(
    fields.map((pairs) => ({
      what: "urlencoded",
      type: form,
      body: () => new URLSearchParams(pairs).toString(),
    })),
    fc.string({ unit: "binary", maxLength: 200 }).map((raw) => ({
      what: "raw urlencoded",
      type: form,
      body: () => raw,
    })),
    fc.json({ maxDepth: 4 }).map((json) => ({
      what: "json",
      type: "application/json",
      body: () => json,
    })),
    fields.map((pairs) => ({
      what: "multipart",
      type: null,
      body: () => {
        const data = new FormData();
        for (const [k, v] of pairs) data.append(k, v);
        data.append("datei", new Blob(["PK\u0003\u0004kaputt"]), "angebot.xlsx");
        return data;
      },
    })),
    fc.string({ maxLength: 200 }).map((garbage) => ({
      what: "multipart garbage",
      type: "multipart/form-data; boundary=XyZ",
      body: () => `--XyZ\r\n${garbage}`,
    })),
    fc
      .tuple(
        fc.constantFrom(
          "text/plain",
          "application/xml",
          "application/octet-stream",
          "multipart/form-data",
          "application/x-www-form-urlencoded; charset=utf-16",
          "",
        ),
        fc.string({ maxLength: 100 }),
      )
      .map(([type, text]) => ({ what: `type ${type || "none"}`, type, body: () => text })),
    // Rarer: one in about 25.
    fc.integer({ min: 0, max: 3 }).chain((n) =>
      n === 0
        ? fc.constant({
            what: "over the limit",
            type: form,
            body: () => `intent=x&note=${"x".repeat(1_100_000)}`,
          })
        : fields.map((pairs) => ({
            what: "urlencoded",
            type: form,
            body: () => new URLSearchParams(pairs).toString(),
          })),
    ),
  );
}

describe("fuzzing every route action", () => {
  let world: World;
  let handle: Handle;

  beforeAll(async () => {
    world = await buildWorld();
    ({ handle } = await createAppHandler());
  });

  it("answers every random and malformed body without a 5xx and without changing a row", async () => {
    const started = Date.now();
    const statuses = new Map<number, number>();
    const kinds = new Map<string, number>();
    const problems: string[] = [];
    let requests = 0;
    const arbitrary = bodyArbitrary(world);
    const whos: ({ role: Role; context: Context } | null)[] = [
      null,
      ...contexts.flatMap((context) => roles.map((role) => ({ role, context }))),
    ];
    const actionRoutes: { routeId: string; path: string; page: boolean }[] = [];
    for (const routeId of listRouteIds()) {
      const mod = await loadRouteModule<RouteModule>(routeId);
      if (!mod.action) continue;
      const { path } = routeUrl(routeId, world.params);
      const index = routeId.endsWith("_index");
      actionRoutes.push({
        routeId,
        path: index ? `${path}?index` : path,
        page: mod.default != null,
      });
    }
    // Logging out ends the session and records it whatever the body says: last, and outside the
    // row check.
    actionRoutes.sort(
      (a, b) => Number(a.routeId === "abmelden") - Number(b.routeId === "abmelden"),
    );
    let seed = 13;
    outer: for (const who of whos) {
      const before = await checksumOf(TABLES);
      const cookie = who ? await cookieFor(world.users[who.context][who.role]) : null;
      for (const route of actionRoutes) {
        if (Date.now() - started > TIME_BUDGET_MS) break outer;
        if (route.routeId === "abmelden") {
          const after = await checksumOf(TABLES);
          if (after !== before) {
            const changed = after.split(" ").filter((part) => !before.split(" ").includes(part));
            problems.push(
              `Zeilen geändert (${changed.join(", ")}) als ${
                who ? `${who.role}@${who.context}` : "abgemeldet"
              }`,
            );
          }
        }
        const bodies = fc.sample(arbitrary, { numRuns: BODIES_PER_CALLER, seed: seed++ });
        for (const [i, sample] of bodies.entries()) {
          // Every other request as single fetch does it (…/x.data), the rest as a document.
          const asData = i % 2 === 1;
          const [pathname, search = ""] = route.path.split("?");
          const url = asData
            ? `${ORIGIN}${pathname === "/" ? "/_root" : pathname}.data${search ? `?${search}` : ""}`
            : `${ORIGIN}${route.path}`;
          const headers = new Headers({ Host: HOST, Origin: ORIGIN });
          if (cookie) headers.set("Cookie", cookie);
          if (sample.type !== null) headers.set("Content-Type", sample.type);
          const response = await handle(
            new Request(url, { method: "POST", headers, body: sample.body() }),
          );
          await response.arrayBuffer();
          requests++;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          kinds.set(sample.what, (kinds.get(sample.what) ?? 0) + 1);
          const label = `${route.routeId} ${asData ? ".data" : "document"} als ${
            who ? `${who.role}@${who.context}` : "abgemeldet"
          } mit ${sample.what}`;
          if (response.status >= 500) problems.push(`${response.status}: ${label}`);
          if (response.headers.get("X-Content-Type-Options") !== "nosniff") {
            problems.push(`ohne Sicherheitsheader (${response.status}): ${label}`);
          }
        }
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `[fuzz] ${requests} Anfragen an ${actionRoutes.length} Aktionen in ${seconds.toFixed(1)} s; ` +
        `Status: ${[...statuses]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(", ")}; ` +
        `Körper: ${[...kinds].map(([k, n]) => `${k}×${n}`).join(", ")}`,
    );
    for (const problem of problems.slice(0, 30)) console.log(`[fuzz] ${problem}`);
    expect(problems).toEqual([]);
    expect(actionRoutes.length).toBeGreaterThanOrEqual(15);
    // The budget let it reach a fair share of the callers (all 21 × routes × bodies is ~1,500).
    expect(requests).toBeGreaterThan(500);
  }, 120_000);
});
