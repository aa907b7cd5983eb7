// The documentation record (Vergabevermerk, § 8 VgV) of a tender: its audit events in order,
// for procurement users of the lead body only. Reading it is itself an export and is logged.
import { and, asc, eq, or, sql } from "drizzle-orm";

import { getDb } from "#db/client";
import { auditEvents, bodies, tenders, users } from "#db/schema";

import { recordAuditEvent } from "./audit.server";
import { isUuid } from "~/domain/ids";
import { type TenderStatus } from "~/domain/vocabulary";

export type RecordTender = {
  id: string;
  referenceNumber: string;
  title: string;
  status: TenderStatus;
  procedure: string | null;
  leadBodyName: string;
  leadBodyAgs: string | null;
};

export type RecordEvent = {
  id: number;
  occurredAt: Date;
  action: string;
  actorName: string | null;
  bodyName: string | null;
  data: Record<string, unknown>;
};

/**
 * Logs the export and returns the tender with every event that concerns it, oldest first – the
 * export's own event last. Events count as the tender's when their subject is the tender, when
 * their data names it (`tenderId`), or when their subject is one of its lots or bids: the bid and
 * award modules may file events under those. Undefined unless `leadBodyId` leads the tender.
 */
export async function exportTenderAuditRecord({
  tenderId,
  leadBodyId,
  actorUserId,
}: {
  tenderId: string;
  leadBodyId: string;
  actorUserId: string;
}): Promise<{ tender: RecordTender; events: RecordEvent[] } | undefined> {
  if (!isUuid(tenderId)) return undefined;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [tender] = await tx
      .select({
        id: tenders.id,
        referenceNumber: tenders.referenceNumber,
        title: tenders.title,
        status: tenders.status,
        procedure: tenders.procedure,
        leadBodyName: bodies.name,
        leadBodyAgs: bodies.ags,
      })
      .from(tenders)
      .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
      .where(and(eq(tenders.id, tenderId), eq(tenders.leadBodyId, leadBodyId)));
    if (!tender) return undefined;

    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: leadBodyId,
      action: "tender.record_exported",
      subjectType: "tender",
      subjectId: tenderId,
      data: { format: "xlsx" },
    });

    const events = await tx
      .select({
        id: auditEvents.id,
        occurredAt: auditEvents.occurredAt,
        action: auditEvents.action,
        actorName: users.name,
        bodyName: bodies.name,
        data: auditEvents.data,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .leftJoin(bodies, eq(bodies.id, auditEvents.bodyId))
      .where(
        or(
          and(eq(auditEvents.subjectType, "tender"), eq(auditEvents.subjectId, tenderId)),
          sql`${auditEvents.data}->>'tenderId' = ${tenderId}`,
          sql`${auditEvents.subjectId} in (
            select id::text from lots where tender_id = ${tenderId}::uuid
            union all select id::text from bids where tender_id = ${tenderId}::uuid)`,
        ),
      )
      .orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id));
    return { tender, events };
  });
}
