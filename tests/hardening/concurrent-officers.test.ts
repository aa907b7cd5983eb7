// Concurrent officers (issue 7): HARDENING_CLIENTS officers (default 50) of HARDENING_BODIES
// bodies (default 6; a third of the officers belong to the first body, a sixth to the second)
// save the demand form of one round through the built server at the same time, each
// HARDENING_SAVES times (default 6): read the page, change, delete or add a few lines, post
// the whole form as a browser does; then HARDENING_CROSSINGS times (default 5) pairs of officers
// of the same body post crossing saves at once (see runCrossing). Every response is recorded;
// afterwards the database must
// show no lost update: each line's audit events form a gapless chain (every event's `old` is the
// previous event's `new`, the row is the last `new`), every accepted change is exactly one
// event, no refused change left a trace, and no deadlock or serialization error reached anybody.
import { and, asc, eq, sql } from "drizzle-orm";

import { auditEvents } from "#db/schema";
import { type DemandFields } from "~/domain/demand";
import { listRoundLinesForLead, saveDemandForm } from "~/modules/demand/index.server";

import { type Target } from "../../scripts/bench/data";
import { line, makeOpenRound, makeUser } from "../factories/rounds";

import {
  AppServer,
  cookieFor,
  demandFormBody,
  formatDuration,
  hardeningDatabase,
  median,
  mulberry32,
  readDemandForm,
  visibleText,
  releaseDatabase,
  sizeFromEnv,
  stopAllServers,
  errorSummary,
  TRANSACTION_ERRORS,
  TRANSACTION_ERROR_MESSAGES,
  useDatabase,
  type FormRow,
} from "./support";

const CLIENTS = sizeFromEnv("HARDENING_CLIENTS", 50);
const BODIES = Math.max(2, sizeFromEnv("HARDENING_BODIES", 6));
const SAVES = sizeFromEnv("HARDENING_SAVES", 6);
const CROSSINGS = sizeFromEnv("HARDENING_CROSSINGS", 5);
const ITEMS = 5;
const COST_CENTRES = ["100", "200"];
const SEED = sizeFromEnv("HARDENING_SEED", 20_261_123);
const PORT = 3450 + (process.pid % 10);

const CONFLICT_TEXTS = [
  "Ihre Änderungen wurden nicht gespeichert, weil jemand anderes diese Zeilen inzwischen geändert hat.",
  "Für einen Artikel und eine Kostenstelle gibt es bereits eine Zeile",
];

type Save = {
  client: number;
  userId: string;
  tag: string;
  updates: { lineId: string; quantity: number }[];
  deletes: { lineId: string }[];
  creates: { itemId: string; costCentre: string; quantity: number }[];
  status: number;
  outcome: "accepted" | "conflict" | "unexpected";
  detail: string;
  /** milliseconds from sending the post to the end of the answer */
  ms: number;
};

/** Which body each client's officer belongs to: a third the first body, a sixth the second. */
function bodyOfClient(client: number): number {
  const first = Math.ceil(CLIENTS / 3);
  const second = Math.ceil(CLIENTS / 6);
  if (client < first) return 0;
  if (client < first + second) return 1;
  return 2 + ((client - first - second) % (BODIES - 2));
}

let target: Target;
const server = new AppServer(PORT, () => target);

let roundId = "";
let leadBodyId = "";
const clients: { userId: string; bodyId: string; cookie: string }[] = [];

beforeAll(async () => {
  target = await hardeningDatabase("officers");
  const round = await makeOpenRound({ invited: BODIES, items: ITEMS });
  roundId = round.roundId;
  leadBodyId = round.leadBodyId;
  for (let b = 0; b < BODIES; b++) {
    const result = await saveDemandForm({
      roundId,
      actor: { userId: round.officers[b]!.id, bodyId: round.bodyIds[b]! },
      lines: round.itemIds.flatMap((itemId, i) =>
        COST_CENTRES.map((cc) => line(itemId, 10 * (i + 1), cc)),
      ),
      deleted: [],
    });
    if (!result.ok) throw new Error("initial demand not saved");
  }
  // The round's own officer per body, then extra officers of the same bodies.
  const officerOf = new Map(round.officers.map((o) => [o.bodyId, o.id]));
  for (let c = 0; c < CLIENTS; c++) {
    const bodyId = round.bodyIds[bodyOfClient(c)]!;
    const userId = officerOf.get(bodyId) ?? (await makeUser(bodyId, "officer")).id;
    officerOf.delete(bodyId);
    clients.push({ userId, bodyId, cookie: await cookieFor(userId) });
  }
  await releaseDatabase();
  await server.start();
});

afterAll(async () => {
  await server.stop();
  await stopAllServers();
  await releaseDatabase();
  await target?.drop();
});

let nextQuantity = 1000;

/** One officer's edit of the page as read: the rows to post and what the save changes. */
class Edit {
  readonly save: Omit<Save, "status" | "outcome" | "detail" | "ms">;
  constructor(
    readonly client: number,
    readonly rows: FormRow[],
    tag: string,
  ) {
    this.save = {
      client,
      userId: clients[client]!.userId,
      tag,
      updates: [],
      deletes: [],
      creates: [],
    };
  }

  /** A quantity nobody else writes, so every value in the database names its save. */
  private quantity() {
    return (nextQuantity += 1);
  }

  update(row: FormRow) {
    const quantity = this.quantity();
    row.quantity = String(quantity);
    row.note = this.save.tag;
    this.save.updates.push({ lineId: row.id, quantity });
  }

  /** Emptying the quantity of a stored row deletes the line (the page without JavaScript). */
  delete(row: FormRow) {
    row.quantity = "";
    this.save.deletes.push({ lineId: row.id });
  }

  create(itemId: string) {
    const quantity = this.quantity();
    const costCentre = `N${this.save.tag}`;
    this.rows.push({
      ...{ id: "", version: "", product: "", ledgerAccount: "", deliveryAddress: "" },
      itemId,
      quantity: String(quantity),
      costCentre,
      note: this.save.tag,
    });
    this.save.creates.push({ itemId, costCentre, quantity });
  }
}

const demandPage = () => `${server.base}/bedarf/${roundId}`;

async function readPage(client: number, tag: string): Promise<Edit> {
  const read = await fetch(demandPage(), { headers: { cookie: clients[client]!.cookie } });
  const html = await read.text();
  if (read.status !== 200) throw new Error(`GET ${read.status}: ${html.slice(0, 300)}`);
  return new Edit(client, readDemandForm(html), tag);
}

/** Posts the whole form as the browser does and classifies the answer. */
async function post(edit: Edit): Promise<Save> {
  const { save } = edit;
  const sent = performance.now();
  const response = await fetch(demandPage(), {
    method: "POST",
    headers: {
      cookie: clients[edit.client]!.cookie,
      origin: server.base,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: demandFormBody(edit.rows),
    redirect: "manual",
  });
  const text = await response.text();
  const location = response.headers.get("location") ?? "";
  const counts = `gespeichert=${save.creates.length}-${save.updates.length}-${save.deletes.length}`;
  let outcome: Save["outcome"] = "unexpected";
  if (response.status === 302 && location.endsWith(counts)) outcome = "accepted";
  else if (response.status === 409 && CONFLICT_TEXTS.some((t) => text.includes(t)))
    outcome = "conflict";
  const detail =
    outcome === "unexpected"
      ? `${Math.round(performance.now() - sent)} ms ${location} ${visibleText(text).slice(0, 500)}`
      : "";
  return { ...save, status: response.status, outcome, detail, ms: performance.now() - sent };
}

/** Phase 1: each client in its own loop, 1–3 changes per save, sometimes a new line. */
async function runClient(client: number): Promise<Save[]> {
  const random = mulberry32(SEED + client);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const saves: Save[] = [];
  for (let s = 0; s < SAVES; s++) {
    const edit = await readPage(client, `K${client}.${s}`);
    const existing = edit.rows.filter((r) => r.id);
    const itemIds = [...new Set(edit.rows.map((r) => r.itemId))];
    const touched = new Set<FormRow>();
    const changes = existing.length === 0 ? 0 : 1 + Math.floor(random() * 3);
    for (let k = 0; k < changes; k++) {
      const row = pick(existing);
      if (touched.has(row)) continue;
      touched.add(row);
      if (random() < 0.1) edit.delete(row);
      else edit.update(row);
    }
    if (existing.length === 0 || random() < 0.15) edit.create(pick(itemIds));
    saves.push(await post(edit));
  }
  return saves;
}

/**
 * Phase 2, aimed at lock order: two officers of the same body read the same page, then one
 * changes line X and deletes line Y while the other changes Y and deletes X (each also adds a
 * line), and both post at once. Written in different orders, these two saves could deadlock.
 */
async function runCrossing(a: number, b: number, rep: number): Promise<Save[]> {
  const [ea, eb] = await Promise.all([readPage(a, `K${a}.x${rep}`), readPage(b, `K${b}.x${rep}`)]);
  const ids = ea.rows.filter((r) => r.id).map((r) => r.id);
  const random = mulberry32(SEED + 7919 * a + rep);
  const x = ids[Math.floor(random() * ids.length)];
  const y = ids[Math.floor(random() * ids.length)];
  const row = (edit: Edit, id: string | undefined) => edit.rows.find((r) => r.id === id);
  const [ax, ay, bx, by] = [row(ea, x), row(ea, y), row(eb, x), row(eb, y)];
  if (x === y || !ax || !ay || !bx || !by) return [];
  ea.update(ax);
  ea.delete(ay);
  ea.create(ax.itemId);
  eb.update(by);
  eb.delete(bx);
  eb.create(by.itemId);
  return Promise.all([post(ea), post(eb)]);
}

/** jsonb keeps its own key order: compare objects by sorted keys. */
const canonical = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

const sameDemandFields = (a: unknown, b: DemandFields) =>
  canonical(a) ===
  canonical({
    itemId: b.itemId,
    quantity: b.quantity,
    costCentre: b.costCentre,
    product: b.product,
    ledgerAccount: b.ledgerAccount,
    deliveryAddress: b.deliveryAddress,
    note: b.note,
  });

describe(`concurrent officers (${CLIENTS} clients, ${SAVES} saves each, ${CROSSINGS} crossings)`, () => {
  it("loses no update, answers every refused save with a conflict message and never deadlocks", async () => {
    const started = performance.now();
    const saves = (await Promise.all(clients.map((_, c) => runClient(c)))).flat();
    const pairs: [number, number][] = [];
    const waiting = new Map<string, number>();
    clients.forEach(({ bodyId }, c) => {
      const other = waiting.get(bodyId);
      if (other === undefined) waiting.set(bodyId, c);
      else {
        pairs.push([other, c]);
        waiting.delete(bodyId);
      }
    });
    const crossings: Save[] = [];
    for (let rep = 0; rep < CROSSINGS; rep++) {
      const results = await Promise.all(pairs.map(([a, b]) => runCrossing(a, b, rep)));
      crossings.push(...results.flat());
    }
    saves.push(...crossings);
    const duration = performance.now() - started;
    await server.stop();

    const db = await useDatabase(target);
    const events = await db
      .select({
        id: auditEvents.id,
        action: auditEvents.action,
        lineId: auditEvents.subjectId,
        actor: auditEvents.actorUserId,
        data: auditEvents.data,
      })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.subjectType, "demand_line"),
          sql`${auditEvents.data}->>'roundId' = ${roundId}`,
        ),
      )
      .orderBy(asc(auditEvents.id));
    const rows = await listRoundLinesForLead({ roundId, leadBodyId });

    // 1. Each line's chain of events is gapless and ends in the stored row.
    const problems: string[] = [];
    const byLine = new Map<string, typeof events>();
    for (const e of events) byLine.set(e.lineId!, [...(byLine.get(e.lineId!) ?? []), e]);
    const rowById = new Map(rows.map((r) => [r.id, r]));
    for (const [lineId, chain] of byLine) {
      let current: unknown;
      let updates = 0;
      let deleted = false;
      chain.forEach((e, i) => {
        const data = e.data as { old?: unknown; new?: unknown };
        if (deleted) problems.push(`${lineId}: event after its deletion`);
        if (i === 0) {
          if (e.action !== "demand_line.created")
            problems.push(`${lineId}: starts with ${e.action}`);
        } else if (canonical(data.old) !== canonical(current)) {
          problems.push(`${lineId}: event ${e.id} (${e.action}) old ≠ previous new`);
        }
        if (e.action === "demand_line.updated") updates++;
        if (e.action === "demand_line.deleted") deleted = true;
        current = data.new;
      });
      const row = rowById.get(lineId);
      if (deleted && row) problems.push(`${lineId}: deleted in the audit trail, still stored`);
      if (!deleted && !row) problems.push(`${lineId}: gone without a deletion event`);
      if (row && !sameDemandFields(current, row))
        problems.push(`${lineId}: stored row ≠ last event`);
      if (row && row.version !== 1 + updates)
        problems.push(`${lineId}: version ${row.version} after ${updates} updates`);
    }
    for (const row of rows)
      if (!byLine.has(row.id)) problems.push(`${row.id}: stored without any event`);

    // 2. Every accepted change is exactly one event of that client; refused ones left nothing.
    const accepted = saves.filter((s) => s.outcome === "accepted");
    const refused = saves.filter((s) => s.outcome === "conflict");
    const unexpected = saves.filter((s) => s.outcome === "unexpected");
    const noteOf = (e: (typeof events)[number]) =>
      (e.data as { new?: { note?: string } }).new?.note ?? "";
    for (const s of accepted) {
      for (const u of s.updates) {
        const hits = (byLine.get(u.lineId) ?? []).filter(
          (e) => e.action === "demand_line.updated" && noteOf(e) === s.tag,
        );
        if (hits.length !== 1 || hits[0]!.actor !== s.userId)
          problems.push(`${s.tag}: update of ${u.lineId} found ${hits.length}×`);
      }
      for (const d of s.deletes) {
        const hits = (byLine.get(d.lineId) ?? []).filter((e) => e.action === "demand_line.deleted");
        if (hits.length !== 1 || hits[0]!.actor !== s.userId)
          problems.push(`${s.tag}: deletion of ${d.lineId} not by this save`);
      }
      for (const c of s.creates) {
        const hits = events.filter(
          (e) =>
            e.action === "demand_line.created" &&
            noteOf(e) === s.tag &&
            (e.data as { new: DemandFields }).new.costCentre === c.costCentre,
        );
        if (hits.length !== 1) problems.push(`${s.tag}: creation found ${hits.length}×`);
      }
    }
    const acceptedChanges = accepted.reduce(
      (n, s) => n + s.updates.length + s.deletes.length + s.creates.length,
      0,
    );
    const loggedChanges = events.filter(
      (e) => noteOf(e).startsWith("K") || e.action === "demand_line.deleted",
    ).length;
    if (loggedChanges !== acceptedChanges)
      problems.push(`${loggedChanges} changes logged, ${acceptedChanges} accepted`);
    const refusedTags = new Set(refused.map((s) => s.tag));
    const leaked = [...events.map(noteOf), ...rows.map((r) => r.note)].filter((n) =>
      refusedTags.has(n),
    );
    if (leaked.length > 0) problems.push(`refused saves left ${leaked.length} traces`);

    const fiveHundreds = saves.filter((s) => s.status >= 500).length;
    const deadlocks =
      (server.stderr.match(TRANSACTION_ERROR_MESSAGES) ?? []).length +
      saves.filter((s) => TRANSACTION_ERRORS.test(s.detail)).length;
    console.log(
      [
        `Gleichzeitige Beschaffer (${target.driver}): ${CLIENTS} Clients in ${BODIES} Körperschaften, je ${SAVES} Speicherungen, dann ${CROSSINGS}× paarweise über Kreuz`,
        `  davon ${crossings.length} über Kreuz (zwei Beschaffer derselben Körperschaft, gleichzeitig): angenommen ${crossings.filter((c) => c.outcome === "accepted").length}, abgelehnt ${crossings.filter((c) => c.outcome === "conflict").length}`,
        `  versucht ${saves.length}, angenommen ${accepted.length} (${acceptedChanges} Zeilenänderungen), abgelehnt mit Konfliktmeldung ${refused.length}, unerwartet ${unexpected.length}`,
        `  Antwortzeit Speichern: Median ${Math.round(median(saves.map((s) => s.ms)))} ms, Maximum ${Math.round(Math.max(...saves.map((s) => s.ms)))} ms`,
        `  verlorene Änderungen ${problems.length}, 5xx ${fiveHundreds}, Deadlock/Serialisierung ${deadlocks}, Dauer ${formatDuration(duration)}`,
      ].join("\n"),
    );
    if (server.stderr.trim()) console.log(`Server-Fehlerausgabe:\n${errorSummary(server.stderr)}`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(unexpected.slice(0, 3).map((s) => `${s.status} ${s.detail}`)).toEqual([]);
    expect(fiveHundreds).toBe(0);
    expect(deadlocks).toBe(0);
    expect(server.stderr).not.toMatch(/Error/);
    // The run means something only if both outcomes happened.
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
  });
});
