/// <reference types="vite/client" />
// The authorization matrix (issue 7): every route module found in app/routes × every role ×
// the body the user belongs to (lead of the resource, participant owning it, another
// participant, a body with no relation, the lead of another cooperation) and logged out, for
// the loader (GET) and the action (POST). The expected outcome of every cell is in ONE table
// below; a route file without a row fails the test, so a new route cannot be forgotten. A leak
// is a request that was allowed where the table says deny, or an allowed answer that names a
// body of a cooperation the viewer has no part in or another participant's cost centre.
// Runs on PGlite and, with DATABASE_URL, on PostgreSQL.

import { type Role, roles } from "~/domain/vocabulary";
import { useTestDatabase } from "../support/database";
import {
  buildRequest,
  buildWorld,
  callRoute,
  type Context,
  contexts,
  cookieFor,
  listRouteIds,
  loadRouteModule,
  type Outcome,
  routeUrl,
  type World,
} from "../support/authorization";

useTestDatabase();

/** Which contexts of each role are allowed; `anonymous` is the logged-out visitor. */
type Access = Partial<Record<Role, readonly Context[]>> & { anonymous?: true };
type Row = {
  get: Access;
  /** absent: the module exports no action */
  post?: Access;
  /** form fields for the POST, enough to get past the authorization check without writing */
  form?: Record<string, string>;
  query?: string;
  /**
   * Why this page may show bodies the viewer does not cooperate with (the leak check skips
   * it); absent: names from the other cooperation in the answer are a leak. Public rows are
   * skipped too: what a logged-out visitor reads is nobody's secret.
   */
  listsOtherBodies?: string;
};

const ALL: readonly Context[] = contexts;
const LEAD: readonly Context[] = ["lead"];
const PARTICIPANTS: readonly Context[] = ["participant", "coParticipant"];
const nobody: Access = {};
const everyone: Access = {
  officer: ALL,
  procurement: ALL,
  treasurer: ALL,
  admin: ALL,
  anonymous: true,
};
const loggedIn: Access = { officer: ALL, procurement: ALL, treasurer: ALL, admin: ALL };
const leadProcurement: Access = { procurement: LEAD };
const adminsOnly: Access = { admin: ALL };
const catalogueUsers: Access = { admin: ALL, procurement: ALL };

const PUBLIC_LISTS =
  "public register of every published tender with its participants (DESIGN.md Publication)";

// prettier-ignore
const table: Record<string, Row> = {
  // The splat answers 404 to everyone, logged in or not.
  "$": { get: nobody },
  "_index": { get: loggedIn, post: { procurement: ALL } },
  // Logging out works for everyone; the loader only redirects home.
  "abmelden": { get: everyone, post: everyone },
  // Administration is platform-wide (one operator for all bodies, README demo
  // admin@buendelkauf.example): an admin of any body manages all bodies and users.
  "admin.benutzer._index": { get: adminsOnly, post: adminsOnly, listsOtherBodies: "platform administration" },
  "admin.benutzer.$userId.passwort": { get: adminsOnly, post: adminsOnly, listsOtherBodies: "platform administration" },
  "admin.benutzer.neu": { get: adminsOnly, post: adminsOnly },
  "admin.koerperschaften._index": { get: adminsOnly, post: adminsOnly, listsOtherBodies: "platform administration" },
  // Any body's billing data (XRechnung): the platform administration only.
  "admin.koerperschaften.$bodyId": { get: adminsOnly, post: adminsOnly, listsOtherBodies: "platform administration" },
  // Every mail of every body: the operator's outbox (decision 020).
  "admin.postausgang": { get: adminsOnly, listsOtherBodies: "platform administration" },
  "anmelden": { get: everyone, post: everyone },
  // CPV codes are public reference data; the type-ahead serves every logged-in role.
  "api.cpv": { get: loggedIn, query: "?q=papier" },
  "api.ocds.tenders.$tenderId[.]json": { get: everyone },
  "api.ocds.tenders[.]json": { get: everyone, listsOtherBodies: PUBLIC_LISTS },
  "ausschreibungen.$tenderId._index": { get: leadProcurement, post: leadProcurement },
  "ausschreibungen.$tenderId.angebote": { get: leadProcurement, post: leadProcurement },
  // The old address of the shared costs page (issue 14): a permanent redirect to …/umlagen for
  // everyone; it reads nothing, and the page it points to checks the lead as its row says.
  "ausschreibungen.$tenderId.kosten": { get: everyone },
  "ausschreibungen.$tenderId.lose": { get: leadProcurement, post: leadProcurement },
  "ausschreibungen.$tenderId.preisblatt": { get: leadProcurement },
  "ausschreibungen.$tenderId.umlagen": { get: leadProcurement, post: leadProcurement },
  // The Vergabevermerk (§ 8 VgV): page, DOCX to sign and XLSX event list – the lead's Vergabestelle.
  "ausschreibungen.$tenderId.vermerk": { get: leadProcurement },
  "ausschreibungen.$tenderId.vermerk[.]docx": { get: leadProcurement },
  "ausschreibungen.$tenderId.vermerk[.]xlsx": { get: leadProcurement },
  // The § 134 GWB letter: the lead's Vergabestelle once bidders are informed. The fixture's tender
  // (below the threshold) has none, so everyone gets 404 or 403 here; the letter itself and its
  // scoping to the lead are tested in lifecycle.test.ts.
  "ausschreibungen.$tenderId.information.$lotId.$bidId[.]docx": { get: nobody },
  "ausschreibungen.$tenderId.wertung.$lotId": { get: leadProcurement, post: leadProcurement },
  // Role-gated lists; what they list is scoped to the user's body (checked by the leak check).
  "ausschreibungen._index": { get: { procurement: ALL } },
  "ausschreibungen.neu": { get: { procurement: ALL }, post: { procurement: ALL } },
  "bedarf.$roundId._index": { get: { officer: PARTICIPANTS }, post: { officer: PARTICIPANTS } },
  // The council paper: the body's Kämmerei and Beschaffer, of a body with demand in the round.
  "bedarf.$roundId.beschlussvorlage[.]docx": { get: { officer: PARTICIPANTS, treasurer: PARTICIPANTS } },
  "bedarf.$roundId.hochladen": { get: { officer: PARTICIPANTS }, post: { officer: PARTICIPANTS } },
  // The line belongs to the participant: another participant of the same round must not read it.
  "bedarf.$roundId.verlauf.$lineId": { get: { officer: ["participant"] } },
  "bedarf.$roundId.vorlage": { get: { officer: PARTICIPANTS } },
  "bedarf._index": { get: { officer: ALL } },
  // The catalogue is shared by all bodies: every procurement office reads it and adds items;
  // only admins change an existing item, which every body's rounds use (decision 011).
  "katalog.$itemId": { get: catalogueUsers, post: adminsOnly },
  "katalog._index": { get: catalogueUsers },
  "katalog.neu": { get: catalogueUsers, post: catalogueUsers },
  // Every logged-in user changes their own password (and only their own: the route has no id).
  "konto.passwort": { get: loggedIn, post: loggedIn },
  // Each user switches their own mails (no id in the route).
  "konto.benachrichtigungen": { get: loggedIn, post: loggedIn },
  // A body's Kämmerei keeps its own body's billing data (no id in the route).
  "konto.rechnungsdaten": { get: { treasurer: ALL }, post: { treasurer: ALL } },
  // A body's Vergabestelle sets its own minimum national period (no id in the route).
  "konto.vergabestelle": { get: { procurement: ALL }, post: { procurement: ALL } },
  // A treasurer sees the own body's split; the lead's treasurer and office see all bodies'.
  "kosten.$tenderId._index": { get: { treasurer: ["lead", "participant", "coParticipant"], procurement: LEAD } },
  // Call-offs (decision 025): a participant's Beschaffer records its own, its Kämmerei reads
  // them; the lead's Kämmerei and Vergabestelle read every body's.
  "kosten.$tenderId.abrufe": { get: { officer: PARTICIPANTS, treasurer: ["lead", "participant", "coParticipant"], procurement: LEAD }, post: { officer: PARTICIPANTS } },
  "kosten.$tenderId.abrufe.hochladen": { get: { officer: PARTICIPANTS }, post: { officer: PARTICIPANTS } },
  "kosten.$tenderId.abrufe.vorlage[.]xlsx": { get: { officer: PARTICIPANTS } },
  // `?koerperschaft=` asks for the participant's file: the other participant must get a 404.
  "kosten.$tenderId.anteil[.]csv": { get: { treasurer: ["lead", "participant"], procurement: LEAD }, query: "?koerperschaft=:participant" },
  "kosten.$tenderId.anteil[.]xlsx": { get: { treasurer: ["lead", "participant"], procurement: LEAD }, query: "?koerperschaft=:participant" },
  // The council paper: the participant's own Kämmerei and Beschaffer; A's lead orders nothing.
  "kosten.$tenderId.beschlussvorlage[.]docx": { get: { officer: PARTICIPANTS, treasurer: PARTICIPANTS } },
  // A download's progress: only the user who started it (A's lead treasurer) reads it.
  "kosten.$tenderId.fortschritt.$runId": { get: { treasurer: LEAD } },
  "kosten.$tenderId.gesamt[.]csv": { get: { treasurer: LEAD, procurement: LEAD } },
  "kosten.$tenderId.gesamt[.]xlsx": { get: { treasurer: LEAD, procurement: LEAD } },
  // The body's XRechnung from the lead: access as its anteil.csv (the lead itself has none).
  "kosten.$tenderId.xrechnung[.]xml": { get: { treasurer: ["lead", "participant"], procurement: LEAD }, query: "?koerperschaft=:participant" },
  "kosten.$tenderId.xrechnungen[.]zip": { get: { treasurer: LEAD, procurement: LEAD } },
  "kosten._index": { get: { treasurer: ALL, procurement: ALL } },
  "oeffentlich.$tenderId._index": { get: everyone },
  "oeffentlich.$tenderId.leistungsverzeichnis[.]xlsx": { get: everyone },
  "oeffentlich.$tenderId.preisblatt[.]xlsx": { get: everyone },
  "oeffentlich._index": { get: everyone, listsOtherBodies: PUBLIC_LISTS },
  // The partner finder names other bodies that buy the same items, by design; never their
  // figures (decision 018). Only the Vergabestelle invites (a 400 for the probe form).
  "partner": { get: { officer: ALL, procurement: ALL }, post: { procurement: ALL }, listsOtherBodies: "partner finder: names of bodies buying the same items (decision 018)" },
  "runden.$roundId._index": { get: leadProcurement, post: leadProcurement },
  // An invalid item id: the action must refuse the selection after its role check, not write.
  "runden.$roundId.artikel": { get: leadProcurement, post: leadProcurement, form: { itemIds: "kein-artikel" } },
  "runden.$roundId.einladungen": { get: leadProcurement, post: leadProcurement },
  "runden.$roundId.verlauf.$lineId": { get: leadProcurement },
  "runden._index": { get: { procurement: ALL } },
  "runden.neu": { get: { procurement: ALL }, post: { procurement: ALL } },
  // Liveness for monitors and the benchmark's baseline: no data, no database.
  "status": { get: everyone },
};

type RouteModule = {
  loader?: Parameters<typeof callRoute>[0];
  action?: Parameters<typeof callRoute>[0];
};

const moduleFor = (routeId: string) => loadRouteModule<RouteModule>(routeId);

function allowed(access: Access, who: { role: Role; context: Context } | null) {
  if (who === null) return access.anonymous === true;
  return (access[who.role] ?? []).includes(who.context);
}

type Finding = {
  route: string;
  method: string;
  who: string;
  expected: string;
  got: Outcome;
  why: string;
};

describe("authorization matrix", () => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld();
  });

  it("has one row per route file, and no row without a file", () => {
    const files = listRouteIds();
    expect(files.filter((id) => !(id in table))).toEqual([]);
    expect(Object.keys(table).filter((id) => !files.includes(id))).toEqual([]);
  });

  it("sends the old address of the shared costs page permanently to …/umlagen", async () => {
    const routeId = "ausschreibungen.$tenderId.kosten";
    const mod = await moduleFor(routeId);
    const { path, params } = routeUrl(routeId, world.params);
    const got = await callRoute(
      mod.loader!,
      buildRequest("GET", `${path}?bearbeiten=1`, null),
      params,
    );
    expect(got.status).toBe(301);
    expect(got.location).toBe(`/ausschreibungen/${world.params.tenderId}/umlagen?bearbeiten=1`);
  });

  it("allows and denies every route × role × body as the table says, with no leak", async () => {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const counts = {
      requests: 0,
      deniedAsExpected: 0,
      allowedAsExpected: 0,
      leaks: 0,
      wronglyDenied: 0,
      errors: 0,
    };
    const whos: ({ role: Role; context: Context } | null)[] = [
      null,
      ...contexts.flatMap((context) => roles.map((role) => ({ role, context }))),
    ];

    for (const routeId of listRouteIds()) {
      const row = table[routeId];
      if (!row) continue; // reported by the test above
      const mod = await moduleFor(routeId);
      const { path, params } = routeUrl(routeId, world.params);
      const query = (row.query ?? "").replace(":participant", world.bodyIds.participant);
      const methods = [
        { method: "GET" as const, fn: mod.loader, access: row.get },
        { method: "POST" as const, fn: mod.action, access: row.post },
      ];
      expect(Boolean(mod.action), `${routeId}: table row and module disagree about an action`).toBe(
        row.post !== undefined,
      );
      expect(mod.loader, `${routeId} has no loader`).toBeDefined();
      for (const { method, fn, access } of methods) {
        if (!fn || !access) continue;
        for (const who of whos) {
          const cookie = who ? await cookieFor(world.users[who.context][who.role]) : null;
          const request = buildRequest(
            method,
            path + query,
            cookie,
            row.form ?? { intent: "matrix-probe" },
          );
          const got = await callRoute(fn, request, params);
          counts.requests++;
          const expected = allowed(access, who) ? "allow" : "deny";
          const whoLabel = who ? `${who.role}@${who.context}` : "logged out";
          const finding = (why: string) =>
            findings.push({ route: routeId, method, who: whoLabel, expected, got, why });
          if (got.kind === "error") {
            counts.errors++;
            finding(`error: ${got.error instanceof Error ? got.error.stack : got.status}`);
          } else if (expected === "deny" && got.kind === "allow") {
            counts.leaks++;
            finding("LEAK: allowed where the table says deny");
          } else if (expected === "allow" && got.kind === "deny") {
            counts.wronglyDenied++;
            finding("denied where the table says allow");
          } else if (expected === "deny") {
            counts.deniedAsExpected++;
            if (who === null && got.status !== 302 && row.get !== nobody) {
              // A logged-out visitor is sent to the login page, not shown a 403/404.
              finding("logged out but not redirected to /anmelden");
            }
          } else {
            // What a logged-out visitor may read (the public pages) is nobody's secret.
            const checked = who !== null && !row.listsOtherBodies && access.anonymous !== true;
            const strangers = checked ? world.strangers[who.context] : [];
            const named = strangers.filter((s) => got.text.includes(s));
            if (checked) {
              for (const canary of (world.canaries as Partial<Record<Context, string[]>>)[
                who.context
              ] ?? []) {
                if (got.text.includes(canary)) seen.add(`${who.context}:${canary}`);
              }
            }
            if (named.length > 0) {
              counts.leaks++;
              finding(`LEAK: the answer names ${named.join(", ")}`);
            } else {
              counts.allowedAsExpected++;
            }
          }
        }
      }
    }

    console.log(
      `Autorisierungsmatrix: ${counts.requests} Anfragen, ${counts.deniedAsExpected} wie erwartet abgelehnt, ` +
        `${counts.allowedAsExpected} wie erwartet erlaubt, ${counts.leaks} Lecks` +
        ` (${counts.wronglyDenied} zu Unrecht abgelehnt, ${counts.errors} Fehler)`,
    );
    for (const f of findings) {
      console.log(
        `${f.why} — ${f.method} ${f.route} als ${f.who}: erwartet ${f.expected}, Status ${f.got.status}${f.got.location ? ` → ${f.got.location}` : ""}`,
      );
    }
    expect(findings.map((f) => `${f.method} ${f.route} ${f.who}: ${f.why.split("\n")[0]}`)).toEqual(
      [],
    );
    expect(counts.leaks).toBe(0);
    // The leak check saw what it guards: each canary was read by its rightful viewer.
    const canaries = Object.entries(world.canaries).flatMap(([context, list]) =>
      list.map((canary) => `${context}:${canary}`),
    );
    expect(canaries.filter((c) => !seen.has(c))).toEqual([]);
    expect(counts.requests).toBeGreaterThan(800);
    // More than 800 requests through the handler: a minute on a quiet machine, more on a busy one.
  }, 240_000);
});
