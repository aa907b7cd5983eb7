/// <reference types="vite/client" />
// Helpers for the authorization matrix (tests/integration/authorization-matrix.test.ts): the
// route files as the file system has them, their URLs, a small world of two cooperations, and
// calling a route module's loader or action the way Remix would, with every outcome classified.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";

import { getDb } from "#db/client";
import { bodies, demandLines } from "#db/schema";
import { type Role } from "~/domain/vocabulary";
import { saveDemandForm } from "~/modules/demand/index.server";
import { startExportRun } from "~/modules/split/index.server";
import { changeRoundStatus, createRound } from "~/modules/demand/index.server";
import { createSession } from "~/modules/access/index.server";
import { sessionCookie } from "~/modules/access/index.server";

import { makeAwardedTenderFor } from "../factories/awards";
import { makeBillingData } from "../factories/billing";
import { line, makeBody, makeItems, makeUser } from "../factories/rounds";
import { readDocx } from "./docx";

export const ROUTES_DIR = fileURLToPath(new URL("../../app/routes", import.meta.url));
export const ORIGIN = "http://matrix.localhost";

/**
 * Every route module, by its flat-route id: the file name without `.tsx`, or for a folder route
 * (`<id>/route.tsx` beside its colocated parts) the folder's name, as Remix names both.
 */
export function listRouteIds(dir = ROUTES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      if (entry.isFile() && /\.tsx?$/.test(entry.name)) return [entry.name.replace(/\.tsx?$/, "")];
      if (
        entry.isDirectory() &&
        readdirSync(`${dir}/${entry.name}`).some((f) => /^route\.tsx?$/.test(f))
      )
        return [entry.name];
      return [];
    })
    .sort();
}

const routeModules = import.meta.glob(["../../app/routes/*.tsx", "../../app/routes/*/route.tsx"]);

/** Imports the module of a route id from `listRouteIds`, a flat file or a folder route. */
export function loadRouteModule<T>(routeId: string): Promise<T> {
  const load =
    routeModules[`../../app/routes/${routeId}.tsx`] ??
    routeModules[`../../app/routes/${routeId}/route.tsx`];
  if (!load) throw new Error(`route module ${routeId} not found by import.meta.glob`);
  return load() as Promise<T>;
}

/** Splits a flat-route id at the dots that are not escaped as `[.]`. */
function segmentsOf(routeId: string): string[] {
  const segments: string[] = [];
  let current = "";
  for (let i = 0; i < routeId.length; i++) {
    const ch = routeId[i]!;
    if (ch === "[") {
      const end = routeId.indexOf("]", i);
      current += routeId.slice(i + 1, end);
      i = end;
    } else if (ch === ".") {
      segments.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  segments.push(current);
  return segments;
}

/**
 * The URL path and params of a flat route with its params filled in (Remix v2 naming: `.` is
 * `/`, `_index` the index, `[.]` a literal dot, `$` alone the splat, `_x` a pathless layout).
 * Throws for a param the caller did not supply, so a new param cannot slip through unfilled.
 */
export function routeUrl(
  routeId: string,
  values: Record<string, string>,
): { path: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const parts: string[] = [];
  for (const raw of segmentsOf(routeId)) {
    if (raw === "_index" || (raw.startsWith("_") && !raw.startsWith("_index"))) continue;
    const segment = raw.endsWith("_") ? raw.slice(0, -1) : raw;
    if (segment === "$") {
      params["*"] = values["*"] ?? "gibt-es-nicht";
      parts.push(params["*"]);
      continue;
    }
    parts.push(
      segment.replace(/\$(\w+)/g, (_, name: string) => {
        const value = values[name];
        if (value === undefined) throw new Error(`No value for param $${name} of ${routeId}`);
        params[name] = value;
        return value;
      }),
    );
  }
  return { path: `/${parts.join("/")}`, params };
}

/** Who asks: a role in one of the bodies, or nobody. */
export type Context = "lead" | "participant" | "coParticipant" | "foreign" | "foreignLead";
export const contexts: Context[] = [
  "lead",
  "participant",
  "coParticipant",
  "foreign",
  "foreignLead",
];

export type World = Awaited<ReturnType<typeof buildWorld>>;

/**
 * Cooperation A: lead "Stadt Ankerhafen" with the participants "Gemeinde Birkenweiler"
 * (`participant`, owner of the demand line in the URLs) and "Gemeinde Dornstetten"
 * (`coParticipant`): an open round with demand and an awarded tender.
 * Cooperation B: lead "Stadt Zollmark" (`foreignLead`) with "Gemeinde Quellental" (`foreign`):
 * the same, so every list the foreign bodies can see has rows of their own, and a lead office
 * that is not A's lead knocks on A's lead pages. Every body has one user per role. Names and titles carry marker words a leak check looks for.
 */
export async function buildWorld(now = new Date()) {
  const db = await getDb();
  const body = async (name: string, population: number) => {
    const id = await makeBody(name, population);
    await db.update(bodies).set({ name }).where(eq(bodies.id, id));
    return id;
  };
  const bodyIds = {
    lead: await body("Stadt Ankerhafen", 60_000),
    participant: await body("Gemeinde Birkenweiler", 12_000),
    coParticipant: await body("Gemeinde Dornstetten", 8_000),
    foreign: await body("Gemeinde Quellental", 9_000),
    foreignLead: await body("Stadt Zollmark", 40_000),
  };
  const roles: Role[] = ["officer", "procurement", "treasurer", "admin"];
  const users = {} as Record<Context, Record<Role, string>>;
  for (const context of contexts) {
    users[context] = {} as Record<Role, string>;
    for (const role of roles) users[context][role] = (await makeUser(bodyIds[context], role)).id;
  }

  const itemIds = await makeItems(2);
  const DAY = 24 * 3600 * 1000;
  // The participant's cost centre (member 0 of A) is its own business: only the participant and
  // the lead may read it, never the other participant.
  const SECRET_COST_CENTRE = "KST-7731";
  let secretFor = -1; // the member of the cooperation being built that owns the secret
  const costCentre = (member: number, otherwise: string) =>
    member === secretFor ? SECRET_COST_CENTRE : otherwise;
  const cooperation = async (spec: {
    marker: string;
    leadBodyId: string;
    leadUserId: string;
    members: { bodyId: string; officerId: string }[];
  }) => {
    const awarded = await makeAwardedTenderFor({
      title: `${spec.marker} Papier gemeinsam`,
      referenceNumber: `${spec.marker}-${Math.floor(Math.random() * 1e9)}`,
      leadBodyId: spec.leadBodyId,
      leadUserId: spec.leadUserId,
      members: spec.members,
      items: itemIds.map((id) => ({ id, bandMinQty: [0, 100, 1000] })),
      demand: spec.members.flatMap((_, member) => [
        { member, item: 0, quantity: 300 - 100 * member, costCentre: costCentre(member, "10") },
        { member, item: 1, quantity: 40 + member, costCentre: "20" },
      ]),
      contractStart: "2027-01-01",
      termMonths: 12,
      // the lead re-invoices the goods: each participant has an XRechnung to download
      goodsBilling: "lead",
      start: new Date(now.getTime() - 60 * DAY),
    });
    await makeBillingData({
      leadBodyId: spec.leadBodyId,
      bodyIds: spec.members.map((m) => m.bodyId),
    });
    const { id: roundId } = await createRound({
      leadBodyId: spec.leadBodyId,
      actorUserId: spec.leadUserId,
      input: {
        title: `${spec.marker} Bedarf 2028`,
        description: "",
        budgetYear: 2028,
        opensAt: new Date(now.getTime() - 3600 * 1000),
        deadline: new Date(now.getTime() + 7 * DAY),
        itemIds,
        bodyIds: spec.members.map((m) => m.bodyId),
      },
    });
    await changeRoundStatus({
      roundId,
      leadBodyId: spec.leadBodyId,
      actorUserId: spec.leadUserId,
      transition: "open",
      now,
    });
    for (const member of spec.members) {
      const saved = await saveDemandForm({
        roundId,
        actor: { userId: member.officerId, bodyId: member.bodyId },
        lines: [line(itemIds[0]!, 77, costCentre(spec.members.indexOf(member), "4711"))],
        deleted: [],
        now,
      });
      if (!saved.ok) throw new Error("demand not saved");
    }
    return { ...awarded, openRoundId: roundId };
  };

  secretFor = 0;
  const a = await cooperation({
    marker: "Ankerhafen",
    leadBodyId: bodyIds.lead,
    leadUserId: users.lead.procurement,
    members: [
      { bodyId: bodyIds.participant, officerId: users.participant.officer },
      { bodyId: bodyIds.coParticipant, officerId: users.coParticipant.officer },
    ],
  });
  secretFor = -1;
  await cooperation({
    marker: "Zollmark",
    leadBodyId: bodyIds.foreignLead,
    leadUserId: users.foreignLead.procurement,
    members: [{ bodyId: bodyIds.foreign, officerId: users.foreign.officer }],
  });

  const [ownLine] = await db
    .select({ id: demandLines.id })
    .from(demandLines)
    .where(
      and(eq(demandLines.roundId, a.openRoundId), eq(demandLines.bodyId, bodyIds.participant)),
    );

  // A download of A's lead file that A's lead treasurer started (its progress is theirs alone).
  const runId = "6f1d7c1e-5a0b-4c1e-9a55-0d3e2a7b9c10";
  await startExportRun({
    runId,
    userId: users.lead.treasurer,
    tenderId: a.tenderId,
    format: "xlsx",
    rowsTotal: 1,
    now,
  });

  return {
    bodyIds,
    users,
    /** Param values for the URLs: every resource belongs to cooperation A. */
    params: {
      roundId: a.openRoundId,
      tenderId: a.tenderId,
      lotId: a.lotIds[0]!,
      lineId: ownLine!.id,
      itemId: itemIds[0]!,
      userId: users.participant.officer,
      bodyId: bodyIds.participant,
      runId,
      // the § 134 letter route: no letter exists in this fixture, so any bid id answers 404
      bidId: "7d0c5c4e-2f1a-4b8e-9c3d-5e6f7a8b9c0d",
    } as Record<string, string>,
    /**
     * Strings a viewer of this context must never read outside the public pages: the names
     * and titles of the cooperation it has no part in, and the participant's cost centre.
     */
    strangers: {
      lead: ["Zollmark", "Quellental"],
      participant: ["Zollmark", "Quellental"],
      coParticipant: ["Zollmark", "Quellental", SECRET_COST_CENTRE],
      foreign: ["Ankerhafen", "Birkenweiler", "Dornstetten", SECRET_COST_CENTRE],
      foreignLead: ["Ankerhafen", "Birkenweiler", "Dornstetten", SECRET_COST_CENTRE],
    } satisfies Record<Context, string[]>,
    /**
     * Positive controls: strings each of these viewers must read somewhere, so the leak check
     * looks at pages that really show cost centres and titles.
     */
    canaries: {
      lead: [SECRET_COST_CENTRE],
      participant: [SECRET_COST_CENTRE],
      foreign: ["Zollmark"],
    } satisfies Partial<Record<Context, string[]>>,
  };
}

/** A cookie header for a fresh session of this user (each request gets its own). */
export async function cookieFor(userId: string): Promise<string> {
  const token = await createSession({ userId });
  const setCookie = await sessionCookie.serialize(token);
  return setCookie.split(";")[0]!;
}

export type Outcome = {
  kind: "allow" | "deny" | "error";
  status: number;
  location?: string;
  /** text of the body (XLSX: every cell's text) for the leak check; "" when not readable */
  text: string;
  error?: unknown;
};

type RouteFunction = (args: {
  request: Request;
  params: Record<string, string>;
  context: Record<string, unknown>;
}) => unknown;

type DataWithInit = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };

function isDataWithInit(value: unknown): value is DataWithInit {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "DataWithResponseInit"
  );
}

async function textOf(response: Response): Promise<string> {
  if (response.body === null) return "";
  const type = response.headers.get("Content-Type") ?? "";
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (type.includes("wordprocessingml")) return (await readDocx(bytes)).text;
  if (type.includes("spreadsheetml")) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => {
      cells.push(sheet.name);
      sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
    });
    return cells.join("\n");
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Classifies what a route answered. Denied: 401/403/404, or the login redirect
 * (`/anmelden?redirectTo=…`, what `requireUser` throws). Allowed: everything else below 500 —
 * a page, a download, a redirect inside the app, and also a 400/409, because an action only
 * validates the form after its authorization check passed. Errors: 5xx or a thrown non-Response.
 */
export async function classify(result: unknown): Promise<Outcome> {
  if (result instanceof Response) {
    const status = result.status;
    const location = result.headers.get("Location") ?? undefined;
    if (status >= 300 && status < 400) {
      const login = location?.startsWith("/anmelden?redirectTo=") ?? false;
      return { kind: login ? "deny" : "allow", status, location, text: "" };
    }
    const text = await textOf(result);
    if (status >= 500) return { kind: "error", status, text };
    if ([401, 403, 404].includes(status)) return { kind: "deny", status, text };
    return { kind: "allow", status, text };
  }
  if (isDataWithInit(result)) {
    const status = result.init?.status ?? 200;
    const text = JSON.stringify(result.data) ?? "";
    if (status >= 500) return { kind: "error", status, text };
    return { kind: [401, 403, 404].includes(status) ? "deny" : "allow", status, text };
  }
  return { kind: "allow", status: 200, text: JSON.stringify(result) ?? "" };
}

/** Calls a loader or action as Remix would; a thrown Response is the answer, like in Remix. */
export async function callRoute(
  fn: RouteFunction,
  request: Request,
  params: Record<string, string>,
): Promise<Outcome> {
  let result: unknown;
  try {
    result = await fn({ request, params, context: {} });
  } catch (error) {
    if (error instanceof Response || isDataWithInit(error)) return classify(error);
    return { kind: "error", status: 500, text: "", error };
  }
  return classify(result);
}

/** A GET, or a same-origin multipart POST with the given fields. */
export function buildRequest(
  method: "GET" | "POST",
  path: string,
  cookie: string | null,
  fields: Record<string, string> = {},
): Request {
  const url = new URL(path, ORIGIN);
  const headers = new Headers({ Host: url.host });
  if (cookie) headers.set("Cookie", cookie);
  if (method === "GET") return new Request(url, { method, headers });
  headers.set("Origin", url.origin);
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return new Request(url, { method, headers, body });
}
