// Recording call-offs (Abrufe): one or many (the upload) in one transaction, all or nothing.
// Each lot's maximum row is locked first (in lot order, so two writers never wait on each other
// crosswise), so two call-offs at the same time cannot together pass the maximum.
import { sql } from "drizzle-orm";

import { getDb, queryRows, type Transaction } from "#db/client";
import { callOffs } from "#db/schema";
import {
  callOffBudgetYear,
  calledOffPercent,
  callOffPrice,
  checkWithinMaximum,
  crossesWarning,
} from "~/domain/call-offs";
import { DomainError } from "~/domain/errors";
import { recordAuditEvent } from "~/modules/audit/index.server";
import { queueCallOffThreshold } from "~/modules/mail/index.server";

import { type CallOffInput } from "./forms";
import { callOffItems } from "./queries.server";

export type Actor = { userId: string; bodyId: string };

type LotMaximum = { lotId: string; maxQuantity: number; calledOff: number; label: string };

async function lockMaxima(tx: Transaction, tenderId: string, lotIds: string[]) {
  const locked = await queryRows<{
    lotId: string;
    maxQuantity: string;
    number: number;
    title: string;
  }>(
    tx,
    sql`select m.lot_id as "lotId", m.max_quantity::text as "maxQuantity", l.number, l.title
        from call_off_maxima m join lots l on l.id = m.lot_id
        where m.tender_id = ${tenderId}::uuid
          and m.lot_id in (${sql.join(
            lotIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
        order by m.lot_id
        for update of m`,
  );
  const sums = await queryRows<{ lotId: string; quantity: string }>(
    tx,
    sql`select lot_id as "lotId", coalesce(sum(quantity), 0)::text as quantity from call_offs
        where tender_id = ${tenderId}::uuid group by lot_id`,
  );
  const called = new Map(sums.map((s) => [s.lotId, Number(s.quantity)]));
  return new Map<string, LotMaximum>(
    locked.map((m) => [
      m.lotId,
      {
        lotId: m.lotId,
        maxQuantity: Number(m.maxQuantity),
        calledOff: called.get(m.lotId) ?? 0,
        label: `Los ${m.number} „${m.title}“`,
      },
    ]),
  );
}

/**
 * Records call-offs of the actor's body under an awarded framework tender. Throws a DomainError
 * (German, naming what is left) when one would pass its lot's maximum; then nothing is written.
 * `entries[i].row` (the upload's row) goes into the message when given.
 */
export async function recordCallOffs({
  tenderId,
  actor,
  entries,
  now = new Date(),
}: {
  tenderId: string;
  actor: Actor;
  entries: (CallOffInput & { row?: number })[];
  now?: Date;
}): Promise<{ recorded: number }> {
  if (entries.length === 0) return { recorded: 0 };
  const items = new Map(
    (await callOffItems({ tenderId, bodyId: actor.bodyId })).map((i) => [i.itemId, i]),
  );
  const rows = entries.map((e) => {
    const item = items.get(e.itemId);
    const where = e.row ? `Zeile ${e.row}: ` : "";
    if (!item)
      throw new DomainError(
        `${where}Der Artikel kann aus dieser Rahmenvereinbarung nicht abgerufen werden.`,
      );
    return { entry: e, item, where };
  });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const lotIds = [...new Set(rows.map((r) => r.item.lotId))].sort();
    const maxima = await lockMaxima(tx, tenderId, lotIds);
    const before = new Map([...maxima].map(([id, m]) => [id, m.calledOff]));
    for (const { entry, item, where } of rows) {
      const max = maxima.get(item.lotId);
      if (!max) throw new DomainError(`${where}Für dieses Los ist keine Höchstmenge festgelegt.`);
      try {
        checkWithinMaximum({
          lotLabel: max.label,
          maximum: max.maxQuantity,
          calledOff: max.calledOff,
          requested: entry.quantity,
        });
      } catch (error) {
        if (error instanceof DomainError) throw new DomainError(`${where}${error.message}`);
        throw error;
      }
      max.calledOff += entry.quantity;
    }
    await tx.insert(callOffs).values(
      rows.map(({ entry, item }) => ({
        tenderId,
        lotId: item.lotId,
        itemId: item.itemId,
        bodyId: actor.bodyId,
        quantity: entry.quantity,
        calledOn: entry.calledOn,
        budgetYear: callOffBudgetYear(entry.calledOn),
        costCentre: entry.costCentre,
        unitPrice: item.unitPrice,
        vatRateBp: item.vatRateBp,
        ...(({ netCents, vatCents }) => ({ netCents, vatCents }))(
          callOffPrice({ ...item, quantity: entry.quantity }),
        ),
        recordedBy: actor.userId,
        createdAt: now,
      })),
    );
    for (const max of maxima.values()) {
      if (!crossesWarning(max.maxQuantity, before.get(max.lotId) ?? 0, max.calledOff)) continue;
      await queueCallOffThreshold(tx, {
        tenderId,
        lotId: max.lotId,
        calledOffPercent: calledOffPercent(max.maxQuantity, max.calledOff),
        now,
      });
    }
    await recordAuditEvent(tx, {
      actorUserId: actor.userId,
      bodyId: actor.bodyId,
      action: "calloff.recorded",
      subjectType: "tender",
      subjectId: tenderId,
      data: {
        callOffs: rows.map(({ entry, item }) => ({
          itemId: item.itemId,
          quantity: entry.quantity,
          calledOn: entry.calledOn,
        })),
      },
    });
    return { recorded: rows.length };
  });
}
