import { and, asc, eq, inArray, sql } from "drizzle-orm";

import { type Transaction, getDb, pgErrorCode, queryRows } from "#db/client";
import { auditEvents, bodies, demandLines, roundInvitations, roundItems, rounds } from "#db/schema";
import { type DemandFields, diffDemand, sameFields, type StoredLine } from "~/domain/demand";
import { DomainError } from "~/domain/errors";

import { itemNames, readForSave, requireCostCentres, requireOpen } from "./demand-rules.server";

export const lineColumns = {
  id: demandLines.id,
  version: demandLines.version,
  itemId: demandLines.itemId,
  quantity: demandLines.quantity,
  costCentre: demandLines.costCentre,
  product: demandLines.product,
  ledgerAccount: demandLines.ledgerAccount,
  deliveryAddress: demandLines.deliveryAddress,
  note: demandLines.note,
};

export type DemandLine = StoredLine & { updatedAt: Date };

/** The body's own lines in a round. A body can only ever name itself here. */
export async function listDemandLines({
  roundId,
  bodyId,
}: {
  roundId: string;
  bodyId: string;
}): Promise<DemandLine[]> {
  const db = await getDb();
  return db
    .select({ ...lineColumns, updatedAt: demandLines.updatedAt })
    .from(demandLines)
    .where(and(eq(demandLines.roundId, roundId), eq(demandLines.bodyId, bodyId)))
    .orderBy(asc(demandLines.itemId), asc(demandLines.costCentre));
}

/**
 * The lines of a round (or of one body in it), for its lead only (the join on rounds names the
 * lead).
 */
export async function listRoundLinesForLead({
  roundId,
  leadBodyId,
  bodyId,
}: {
  roundId: string;
  leadBodyId: string;
  bodyId?: string;
}) {
  const db = await getDb();
  return db
    .select({ ...lineColumns, bodyId: demandLines.bodyId })
    .from(demandLines)
    .innerJoin(rounds, eq(rounds.id, demandLines.roundId))
    .where(
      and(
        eq(demandLines.roundId, roundId),
        eq(rounds.leadBodyId, leadBodyId),
        bodyId ? eq(demandLines.bodyId, bodyId) : undefined,
      ),
    )
    .orderBy(asc(demandLines.bodyId), asc(demandLines.itemId), asc(demandLines.costCentre));
}

export type Conflict = {
  lineId: string;
  itemName: string;
  message: string;
  current: StoredLine | null;
};

export type SaveResult =
  | { ok: true; created: number; updated: number; deleted: number; unchanged: number }
  | { ok: false; conflicts: Conflict[] };

class ConflictAbort extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super("conflict");
  }
}

type Actor = { userId: string; bodyId: string };

/**
 * Locks the round row for the transaction and refuses unless the body is invited and the round
 * is open right now. The share lock means a concurrent close waits for this save, or this
 * save sees the close: no save slips past a deadline change. Returns whether the body requires
 * a Kostenstelle (read here, not in a round trip of its own: issue 19, stage 1).
 */
async function requireOpenRound(tx: Transaction, roundId: string, bodyId: string, now: Date) {
  const [row] = await tx
    .select({
      status: rounds.status,
      opensAt: rounds.opensAt,
      deadline: rounds.deadline,
      requireCostCentre: bodies.requireCostCentre,
    })
    .from(rounds)
    .innerJoin(
      roundInvitations,
      and(eq(roundInvitations.roundId, rounds.id), eq(roundInvitations.bodyId, bodyId)),
    )
    .innerJoin(bodies, eq(bodies.id, roundInvitations.bodyId))
    .where(eq(rounds.id, roundId))
    .for("share", { of: rounds });
  requireOpen(row, now);
  return { requireCostCentre: row!.requireCostCentre };
}

/**
 * A new line must name an item of the round. The form only offers those, but a crafted one
 * reached the foreign key (demand_lines → round_items) and ended as a 500.
 */
async function requireRoundItems(tx: Transaction, roundId: string, lines: DemandFields[]) {
  const wanted = [...new Set(lines.map((l) => l.itemId))];
  if (wanted.length === 0) return;
  const found = await tx
    .select({ itemId: roundItems.itemId })
    .from(roundItems)
    .where(and(eq(roundItems.roundId, roundId), inArray(roundItems.itemId, wanted)));
  if (found.length < wanted.length) {
    throw new DomainError(
      "Mindestens ein Artikel gehört nicht zu dieser Bedarfsabfrage. Bitte laden Sie die Seite neu.",
    );
  }
}

function fieldsOf(line: DemandFields): DemandFields {
  return {
    itemId: line.itemId,
    quantity: line.quantity,
    costCentre: line.costCentre,
    product: line.product,
    ledgerAccount: line.ledgerAccount,
    deliveryAddress: line.deliveryAddress,
    note: line.note,
  };
}

/** The columns a demand line's fields go to, in the order the set-based statements use. */
const FIELD_COLUMNS = `quantity int, cost_centre text, product text, ledger_account text,
  delivery_address text, note text`;

function fieldRecord(line: DemandFields) {
  return {
    quantity: line.quantity,
    cost_centre: line.costCentre,
    product: line.product,
    ledger_account: line.ledgerAccount,
    delivery_address: line.deliveryAddress,
    note: line.note,
  };
}

/**
 * Applies creates, updates and deletes of one body's lines with their audit events. Set-based:
 * one statement per kind of change, each writing its lines and their audit events together
 * (data-modifying CTEs over a JSON array), so a body's 100 lines cost three round trips, not
 * three hundred. Updates and deletes name the version they were computed from; a line whose
 * version moved on is a conflict and the whole save is rolled back.
 */
async function applyChanges(
  tx: Transaction,
  {
    roundId,
    actor,
    now,
    create,
    update,
    remove,
    source,
    requireCostCentre,
  }: {
    roundId: string;
    actor: Actor;
    now: Date;
    /** The body's own rule (decision 022), read by requireOpenRound. */
    requireCostCentre: boolean;
    create: DemandFields[];
    update: { before: StoredLine; after: DemandFields }[];
    remove: StoredLine[];
    source: "form" | "import";
  },
) {
  const audit = (action: string) => sql`
    insert into audit_events (actor_user_id, body_id, action, subject_type, subject_id, data)
    select ${actor.userId}::uuid, ${actor.bodyId}::uuid, ${action}, 'demand_line', done.id::text, x.data
    from done join x on x.id = done.id
    order by x.ord`;
  // Entering demand withdraws an earlier "kein Bedarf" (a CTE of the same statement).
  const withdrawNoDemand = sql`withdrawn as (
    update round_invitations set no_demand_at = null
    where round_id = ${roundId}::uuid and body_id = ${actor.bodyId}::uuid and no_demand_at is not null)`;
  const missing = async (expected: StoredLine[], done: { id: string }[]) => {
    if (done.length === expected.length) return [];
    const ok = new Set(done.map((d) => d.id));
    const lost = expected.filter((line) => !ok.has(line.id));
    const names = await itemNames(tx, [...new Set(lost.map((line) => line.itemId))]);
    return Promise.all(
      lost.map((line) =>
        conflictFor(tx, roundId, actor.bodyId, line, names.get(line.itemId) ?? "Artikel"),
      ),
    );
  };

  await requireCostCentres(tx, requireCostCentre, [...create, ...update.map((u) => u.after)]);
  const conflicts: Conflict[] = [];
  if (update.length > 0) {
    const payload = update.map(({ before, after }, ord) => ({
      ord,
      id: before.id,
      version: before.version,
      ...fieldRecord(after),
      data: { roundId, source, old: fieldsOf(before), new: fieldsOf(after) },
    }));
    const done = await queryRows<{ id: string }>(
      tx,
      sql`
        with x as (
          select * from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
            as x(ord int, id uuid, version int, ${sql.raw(FIELD_COLUMNS)}, data jsonb)
        ), done as (
          update demand_lines d
          set quantity = x.quantity, cost_centre = x.cost_centre, product = x.product,
              ledger_account = x.ledger_account, delivery_address = x.delivery_address,
              note = x.note, version = d.version + 1, updated_at = ${now.toISOString()}::timestamptz
          from x
          where d.id = x.id and d.round_id = ${roundId}::uuid and d.body_id = ${actor.bodyId}::uuid
            and d.version = x.version
          returning d.id
        ), logged as (${audit("demand_line.updated")}), ${withdrawNoDemand}
        select id from done`,
    );
    conflicts.push(
      ...(await missing(
        update.map((u) => u.before),
        done,
      )),
    );
  }
  if (remove.length > 0) {
    const payload = remove.map((line, ord) => ({
      ord,
      id: line.id,
      version: line.version,
      data: { roundId, source, old: fieldsOf(line) },
    }));
    const done = await queryRows<{ id: string }>(
      tx,
      sql`
        with x as (
          select * from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
            as x(ord int, id uuid, version int, data jsonb)
        ), done as (
          delete from demand_lines d using x
          where d.id = x.id and d.round_id = ${roundId}::uuid and d.body_id = ${actor.bodyId}::uuid
            and d.version = x.version
          returning d.id
        ), logged as (${audit("demand_line.deleted")})
        select id from done`,
    );
    conflicts.push(...(await missing(remove, done)));
  }
  if (conflicts.length > 0) throw new ConflictAbort(conflicts);
  if (create.length > 0) {
    const payload = create.map((line, ord) => ({
      ord,
      item_id: line.itemId,
      ...fieldRecord(line),
      data: { roundId, source, new: fieldsOf(line) },
    }));
    // The natural key (item, cost centre) is unique per body and round: it ties each new id
    // back to its payload row for the audit event.
    await tx.execute(sql`
      with x0 as (
        select * from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
          as x(ord int, item_id uuid, ${sql.raw(FIELD_COLUMNS)}, data jsonb)
      ), done as (
        insert into demand_lines (round_id, body_id, item_id, quantity, cost_centre, product,
          ledger_account, delivery_address, note, created_at, updated_at)
        select ${roundId}::uuid, ${actor.bodyId}::uuid, item_id, quantity, cost_centre, product,
          ledger_account, delivery_address, note, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        from x0 order by ord
        returning id, item_id, cost_centre
      ), x as (
        select done.id, x0.ord, x0.data from done
        join x0 on x0.item_id = done.item_id and x0.cost_centre = done.cost_centre
      ), ${withdrawNoDemand}
      ${audit("demand_line.created")}`);
  }
}

async function conflictFor(
  tx: Transaction,
  roundId: string,
  bodyId: string,
  line: StoredLine,
  itemName: string,
): Promise<Conflict> {
  const [current] = await tx
    .select(lineColumns)
    .from(demandLines)
    .where(
      and(
        eq(demandLines.id, line.id),
        eq(demandLines.roundId, roundId),
        eq(demandLines.bodyId, bodyId),
      ),
    );
  return {
    lineId: line.id,
    itemName,
    current: current ?? null,
    message: current
      ? `„${itemName}“ (Kostenstelle „${current.costCentre || "–"}“) wurde inzwischen von jemand anderem geändert: jetzt ${current.quantity} statt ${line.quantity}. Bitte prüfen Sie den aktuellen Stand und speichern Sie erneut.`
      : `„${itemName}“ (Kostenstelle „${line.costCentre || "–"}“) wurde inzwischen von jemand anderem gelöscht.`,
  };
}

/** At most one fold of the partner finder's deltas per process and second (see runSave). */
const FOLD_EVERY_MS = 1000;
let lastFoldAt = 0;

/**
 * Runs a save in one transaction. After a save that wrote lines, the partner finder's deltas
 * (appended by demand_lines' triggers, decision 029) are folded into its totals in a short
 * transaction of their own, at most once a second per process: the save never waits for
 * another body's, a fold running elsewhere makes this one return at once, and a bulk import
 * folds some 50 times instead of once per body. The list reads totals + deltas, so it is exact
 * whenever the fold runs; this only keeps the deltas few.
 */
async function runSave(work: (tx: Transaction) => Promise<SaveResult>): Promise<SaveResult> {
  const db = await getDb();
  try {
    const result = await db.transaction(work);
    const wrote = result.ok && result.created + result.updated + result.deleted > 0;
    if (wrote && Date.now() - lastFoldAt >= FOLD_EVERY_MS) {
      lastFoldAt = Date.now();
      await db.execute(sql`select partner_item_totals_fold()`);
    }
    return result;
  } catch (error) {
    if (error instanceof ConflictAbort) return { ok: false, conflicts: error.conflicts };
    if (pgErrorCode(error) === "23505") {
      return {
        ok: false,
        conflicts: [
          {
            lineId: "",
            itemName: "",
            current: null,
            message:
              "Für einen Artikel und eine Kostenstelle gibt es bereits eine Zeile (vielleicht gerade von jemand anderem angelegt). Bitte laden Sie die Seite neu.",
          },
        ],
      };
    }
    throw error;
  }
}

export type FormLine = DemandFields & { id?: string; version?: number };

/**
 * Saves the demand form: `lines` are the rows on the page (existing ones with the id and
 * version they were read with), `deleted` the rows the user removed. A stale version anywhere
 * refuses the whole save with a conflict naming the current value; nothing is written.
 */
export async function saveDemandForm({
  roundId,
  actor,
  lines,
  deleted,
  now = new Date(),
}: {
  roundId: string;
  actor: Actor;
  lines: FormLine[];
  deleted: { id: string; version: number }[];
  now?: Date;
}): Promise<SaveResult> {
  const ids = [...lines.flatMap((l) => (l.id ? [l.id] : [])), ...deleted.map((d) => d.id)];
  const { round, stored } = await readForSave(roundId, actor.bodyId, ids);
  requireOpen(round, now);
  const byId = new Map(stored.map((l) => [l.id, l]));
  const stale: { id: string; itemId: string }[] = [];
  const create: DemandFields[] = [];
  const update: { before: StoredLine; after: DemandFields }[] = [];
  const remove: StoredLine[] = [];
  let unchanged = 0;
  const staleOrGone = (id: string, version: number, itemId: string) => {
    const current = byId.get(id);
    if (current && current.version === version) return false;
    stale.push({ id, itemId: current?.itemId ?? itemId });
    return true;
  };
  for (const line of lines) {
    if (!line.id) {
      create.push(fieldsOf(line));
      continue;
    }
    if (staleOrGone(line.id, line.version ?? -1, line.itemId)) continue;
    const before = byId.get(line.id)!;
    if (before.itemId !== line.itemId)
      throw new DomainError("Der Artikel einer bestehenden Zeile kann nicht geändert werden.");
    const after = fieldsOf(line);
    if (sameFields(before, after)) unchanged++;
    else update.push({ before, after });
  }
  for (const d of deleted) {
    if (staleOrGone(d.id, d.version, "")) continue;
    remove.push(byId.get(d.id)!);
  }
  if (stale.length > 0) {
    const names = await itemNames(await getDb(), [
      ...new Set(stale.flatMap((s) => (s.itemId ? [s.itemId] : []))),
    ]);
    return {
      ok: false,
      conflicts: stale.map(({ id, itemId }) => {
        const current = byId.get(id);
        const itemName = names.get(itemId) ?? "Artikel";
        return {
          lineId: id,
          itemName,
          current: current ?? null,
          message: current
            ? `„${itemName}“ (Kostenstelle „${current.costCentre || "–"}“) wurde inzwischen von jemand anderem geändert: jetzt ${current.quantity}. Bitte prüfen Sie den aktuellen Stand und speichern Sie erneut.`
            : `„${itemName}“ wurde inzwischen von jemand anderem gelöscht.`,
        };
      }),
    };
  }
  const result = {
    ok: true as const,
    created: create.length,
    updated: update.length,
    deleted: remove.length,
    unchanged,
  };
  // The form posts every row back, changed or not: a save that changes nothing writes nothing
  // and takes no lock (it was 12× /status under load, issue 19).
  if (create.length + update.length + remove.length === 0) return result;
  return runSave(async (tx) => {
    const { requireCostCentre } = await requireOpenRound(tx, roundId, actor.bodyId, now);
    await requireRoundItems(tx, roundId, create);
    // Lock the lines this save writes in one order (by id) before writing any: two officers of
    // a body, one updating X and deleting Y, the other updating Y and deleting X, would each hold
    // one line and wait for the other (deadlock, 40P01; tests/hardening/concurrent-officers).
    // The statements in applyChanges name the versions read above: a line changed since is a
    // conflict there, and the whole save is rolled back.
    const touched = [...update.map((u) => u.before.id), ...remove.map((r) => r.id)];
    if (touched.length > 0) {
      await tx
        .select({ id: demandLines.id })
        .from(demandLines)
        .where(inArray(demandLines.id, touched))
        .orderBy(asc(demandLines.id))
        .for("update");
    }
    await applyChanges(tx, {
      roundId,
      actor,
      now,
      create,
      update,
      remove,
      source: "form",
      requireCostCentre,
    });
    return result;
  });
}

/**
 * Replaces the body's whole demand with `incoming` (an uploaded template): matched by item and
 * cost centre, so the same file twice changes nothing. All or nothing, in one transaction.
 */
export async function replaceDemandLines({
  roundId,
  actor,
  incoming,
  now = new Date(),
}: {
  roundId: string;
  actor: Actor;
  incoming: DemandFields[];
  now?: Date;
}): Promise<SaveResult> {
  return runSave(async (tx) => {
    const { requireCostCentre } = await requireOpenRound(tx, roundId, actor.bodyId, now);
    const stored = await tx
      .select(lineColumns)
      .from(demandLines)
      .where(and(eq(demandLines.roundId, roundId), eq(demandLines.bodyId, actor.bodyId)))
      .orderBy(asc(demandLines.id)) // the lock order of form saves (saveDemandForm)
      .for("update");
    const diff = diffDemand(stored, incoming);
    await applyChanges(tx, {
      roundId,
      actor,
      now,
      create: diff.create,
      update: diff.update,
      remove: diff.remove,
      source: "import",
      requireCostCentre,
    });
    return {
      ok: true,
      created: diff.create.length,
      updated: diff.update.length,
      deleted: diff.remove.length,
      unchanged: diff.unchanged,
    };
  });
}

/** "Kein Bedarf": only for a body without lines (it deletes its lines first, consciously). */
export async function declareNoDemand({
  roundId,
  actor,
  now = new Date(),
}: {
  roundId: string;
  actor: Actor;
  now?: Date;
}) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await requireOpenRound(tx, roundId, actor.bodyId, now);
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(demandLines)
      .where(and(eq(demandLines.roundId, roundId), eq(demandLines.bodyId, actor.bodyId)));
    if ((count?.n ?? 0) > 0) {
      throw new DomainError(
        "Sie haben bereits Bedarf eingetragen. Löschen Sie zuerst Ihre Zeilen, wenn Sie keinen Bedarf haben.",
      );
    }
    await tx
      .update(roundInvitations)
      .set({ noDemandAt: now })
      .where(and(eq(roundInvitations.roundId, roundId), eq(roundInvitations.bodyId, actor.bodyId)));
    await tx.insert(auditEvents).values({
      actorUserId: actor.userId,
      bodyId: actor.bodyId,
      action: "round.no_demand",
      subjectType: "round",
      subjectId: roundId,
      data: {},
    });
  });
}
