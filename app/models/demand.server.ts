import { and, asc, eq, inArray, sql } from "drizzle-orm";

import { type Transaction, getDb, pgErrorCode } from "#db/client";
import { auditEvents, catalogueItems, demandLines, roundInvitations, rounds } from "#db/schema";
import { type DemandFields, diffDemand, sameFields, type StoredLine } from "~/domain/demand";
import { DomainError } from "~/domain/errors";
import { roundPhase } from "~/domain/round-phase";

const lineColumns = {
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

/** Every line of a round, for its lead only (the join on rounds names the lead). */
export async function listRoundLinesForLead({
  roundId,
  leadBodyId,
}: {
  roundId: string;
  leadBodyId: string;
}) {
  const db = await getDb();
  return db
    .select({ ...lineColumns, bodyId: demandLines.bodyId })
    .from(demandLines)
    .innerJoin(rounds, eq(rounds.id, demandLines.roundId))
    .where(and(eq(demandLines.roundId, roundId), eq(rounds.leadBodyId, leadBodyId)))
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
 * save sees the close: no save slips past a deadline change.
 */
async function requireOpenRound(tx: Transaction, roundId: string, bodyId: string, now: Date) {
  const [row] = await tx
    .select({ status: rounds.status, opensAt: rounds.opensAt, deadline: rounds.deadline })
    .from(rounds)
    .innerJoin(
      roundInvitations,
      and(eq(roundInvitations.roundId, rounds.id), eq(roundInvitations.bodyId, bodyId)),
    )
    .where(eq(rounds.id, roundId))
    .for("share", { of: rounds });
  if (!row || row.status === "draft") throw new Response("Nicht gefunden", { status: 404 });
  const phase = roundPhase(row, now);
  if (phase === "scheduled") throw new DomainError("Die Bedarfsabfrage hat noch nicht begonnen.");
  if (phase === "closed") {
    throw new DomainError(
      "Die Frist dieser Bedarfsabfrage ist abgelaufen; Änderungen sind nicht mehr möglich.",
    );
  }
}

async function itemNames(tx: Transaction, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: catalogueItems.id, name: catalogueItems.name })
    .from(catalogueItems)
    .where(inArray(catalogueItems.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
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

/** Applies creates, updates and deletes of one body's lines with their audit events. */
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
  }: {
    roundId: string;
    actor: Actor;
    now: Date;
    create: DemandFields[];
    update: { before: StoredLine; after: DemandFields }[];
    remove: StoredLine[];
    source: "form" | "import";
  },
) {
  const conflicts: Conflict[] = [];
  const names = await itemNames(tx, [
    ...new Set([...update.map((u) => u.before.itemId), ...remove.map((r) => r.itemId)]),
  ]);
  const events: (typeof auditEvents.$inferInsert)[] = [];
  const event = (action: string, subjectId: string, data: Record<string, unknown>) =>
    events.push({
      occurredAt: now,
      actorUserId: actor.userId,
      bodyId: actor.bodyId,
      action,
      subjectType: "demand_line",
      subjectId,
      data: { roundId, source, ...data },
    });

  for (const { before, after } of update) {
    const changed = await tx
      .update(demandLines)
      .set({ ...fieldsOf(after), version: sql`${demandLines.version} + 1`, updatedAt: now })
      .where(
        and(
          eq(demandLines.id, before.id),
          eq(demandLines.roundId, roundId),
          eq(demandLines.bodyId, actor.bodyId),
          eq(demandLines.version, before.version),
        ),
      )
      .returning({ id: demandLines.id });
    if (changed.length === 0) {
      conflicts.push(
        await conflictFor(tx, roundId, actor.bodyId, before, names.get(before.itemId) ?? "Artikel"),
      );
    } else {
      event("demand_line.updated", before.id, { old: fieldsOf(before), new: fieldsOf(after) });
    }
  }
  if (remove.length > 0) {
    for (const line of remove) {
      const gone = await tx
        .delete(demandLines)
        .where(
          and(
            eq(demandLines.id, line.id),
            eq(demandLines.roundId, roundId),
            eq(demandLines.bodyId, actor.bodyId),
            eq(demandLines.version, line.version),
          ),
        )
        .returning({ id: demandLines.id });
      if (gone.length === 0) {
        conflicts.push(
          await conflictFor(tx, roundId, actor.bodyId, line, names.get(line.itemId) ?? "Artikel"),
        );
      } else {
        event("demand_line.deleted", line.id, { old: fieldsOf(line) });
      }
    }
  }
  if (conflicts.length > 0) throw new ConflictAbort(conflicts);
  if (create.length > 0) {
    const inserted = await tx
      .insert(demandLines)
      .values(
        create.map((line) => ({
          ...fieldsOf(line),
          roundId,
          bodyId: actor.bodyId,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning({
        id: demandLines.id,
        itemId: demandLines.itemId,
        costCentre: demandLines.costCentre,
      });
    create.forEach((line, i) =>
      event("demand_line.created", inserted[i]!.id, { new: fieldsOf(line) }),
    );
  }
  if (create.length > 0 || update.length > 0) {
    // Entering demand withdraws an earlier "kein Bedarf".
    await tx
      .update(roundInvitations)
      .set({ noDemandAt: null })
      .where(and(eq(roundInvitations.roundId, roundId), eq(roundInvitations.bodyId, actor.bodyId)));
  }
  for (let i = 0; i < events.length; i += 1000)
    await tx.insert(auditEvents).values(events.slice(i, i + 1000));
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

async function runSave(work: (tx: Transaction) => Promise<SaveResult>): Promise<SaveResult> {
  const db = await getDb();
  try {
    return await db.transaction(work);
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
  return runSave(async (tx) => {
    await requireOpenRound(tx, roundId, actor.bodyId, now);
    const ids = [...lines.flatMap((l) => (l.id ? [l.id] : [])), ...deleted.map((d) => d.id)];
    const stored = ids.length
      ? await tx
          .select(lineColumns)
          .from(demandLines)
          .where(
            and(
              eq(demandLines.roundId, roundId),
              eq(demandLines.bodyId, actor.bodyId),
              inArray(demandLines.id, ids),
            ),
          )
      : [];
    const byId = new Map(stored.map((l) => [l.id, l]));
    const names = await itemNames(tx, [
      ...new Set([...lines.map((l) => l.itemId), ...stored.map((s) => s.itemId)]),
    ]);
    const conflicts: Conflict[] = [];
    const create: DemandFields[] = [];
    const update: { before: StoredLine; after: DemandFields }[] = [];
    const remove: StoredLine[] = [];
    let unchanged = 0;
    const staleOrGone = (id: string, version: number, itemId: string) => {
      const current = byId.get(id);
      if (current && current.version === version) return false;
      const itemName = names.get(current?.itemId ?? itemId) ?? "Artikel";
      conflicts.push({
        lineId: id,
        itemName,
        current: current ?? null,
        message: current
          ? `„${itemName}“ (Kostenstelle „${current.costCentre || "–"}“) wurde inzwischen von jemand anderem geändert: jetzt ${current.quantity}. Bitte prüfen Sie den aktuellen Stand und speichern Sie erneut.`
          : `„${itemName}“ wurde inzwischen von jemand anderem gelöscht.`,
      });
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
    if (conflicts.length > 0) throw new ConflictAbort(conflicts);
    await applyChanges(tx, { roundId, actor, now, create, update, remove, source: "form" });
    return {
      ok: true,
      created: create.length,
      updated: update.length,
      deleted: remove.length,
      unchanged,
    };
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
    await requireOpenRound(tx, roundId, actor.bodyId, now);
    const stored = await tx
      .select(lineColumns)
      .from(demandLines)
      .where(and(eq(demandLines.roundId, roundId), eq(demandLines.bodyId, actor.bodyId)))
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
      occurredAt: now,
      actorUserId: actor.userId,
      bodyId: actor.bodyId,
      action: "round.no_demand",
      subjectType: "round",
      subjectId: roundId,
      data: {},
    });
  });
}

/**
 * A line's history (created, changed, deleted with old and new values). Visible to the line's
 * own body and to the round's lead, and to nobody else.
 */
export async function demandLineHistory({
  roundId,
  lineId,
  viewerBodyId,
  as,
}: {
  roundId: string;
  lineId: string;
  viewerBodyId: string;
  /**
   * Whose view: "owner" – the body the line belongs to (its officers, /bedarf); "lead" – the
   * round's lead (its office, /runden). Each view admits only its own kind of viewer: the lead
   * body's officers must not read other bodies' lines through the officers' page, nor a
   * participant's office through the lead's page (found by the authorization matrix).
   */
  as: "owner" | "lead";
}) {
  const db = await getDb();
  const [round] = await db
    .select({ leadBodyId: rounds.leadBodyId })
    .from(rounds)
    .where(
      as === "lead"
        ? and(eq(rounds.id, roundId), eq(rounds.leadBodyId, viewerBodyId))
        : eq(rounds.id, roundId),
    );
  if (!round) return undefined;
  const events = await db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      action: auditEvents.action,
      bodyId: auditEvents.bodyId,
      actorUserId: auditEvents.actorUserId,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.subjectType, "demand_line"),
        eq(auditEvents.subjectId, lineId),
        sql`${auditEvents.data}->>'roundId' = ${roundId}`,
      ),
    )
    .orderBy(asc(auditEvents.id));
  if (events.length === 0) return undefined;
  if (as === "owner" && events[0]!.bodyId !== viewerBodyId) return undefined;
  return events;
}
