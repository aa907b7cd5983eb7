import { and, desc, eq } from "drizzle-orm";

import { type Executor, getDb, type Transaction } from "#db/client";
import { auditEvents } from "#db/schema";

export type AuditEventInput = {
  actorUserId: string | null;
  bodyId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  data?: Record<string, unknown>;
};

/**
 * Appends one event; pass the transaction so the event commits or rolls back with the change.
 * Its time is the database's clock, set by a trigger on insert (decision 014): the app cannot
 * pass one, so no bug can backdate the record.
 */
export async function recordAuditEvent(executor: Executor | null, event: AuditEventInput) {
  const db = executor ?? (await getDb());
  await db.insert(auditEvents).values({
    actorUserId: event.actorUserId,
    bodyId: event.bodyId,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId ?? null,
    data: event.data ?? {},
  });
}

/**
 * Runs `change` and, when it touched a row, records `event` in the same transaction. `change`
 * returns the rows it changed (`.returning(...)`), so a repeated request that finds nothing to
 * change – a flag already set – writes no event. Returns whether anything changed.
 */
export async function changeAndRecord(
  change: (tx: Transaction) => Promise<readonly unknown[]>,
  event: AuditEventInput,
): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    if ((await change(tx)).length === 0) return false;
    await recordAuditEvent(tx, event);
    return true;
  });
}

export async function listAuditEventsForSubject({
  subjectType,
  subjectId,
  limit = 200,
}: {
  subjectType: string;
  subjectId: string;
  limit?: number;
}) {
  const db = await getDb();
  return db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      actorUserId: auditEvents.actorUserId,
      bodyId: auditEvents.bodyId,
      action: auditEvents.action,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, subjectType), eq(auditEvents.subjectId, subjectId)))
    .orderBy(desc(auditEvents.id))
    .limit(limit);
}
