// The documentation record (Vergabevermerk, § 8 VgV) of a tender: its facts and its audit events
// in order, for procurement users of the lead body only. A download is logged.
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";

import { type Executor, getDb } from "#db/client";
import {
  auditEvents,
  bodies,
  lots,
  rounds,
  tenderParticipants,
  tenderRounds,
  tenders,
  users,
} from "#db/schema";

import { recordAuditEvent } from "./audit.server";
import { isUuid } from "~/domain/ids";
import { type TenderStatus } from "~/domain/vocabulary";

export type RecordTender = {
  id: string;
  referenceNumber: string;
  title: string;
  description: string;
  status: TenderStatus;
  procedure: string | null;
  procedureReason: string;
  framework: boolean;
  termMonths: number;
  termReason: string;
  contractStart: string;
  submissionDeadline: Date;
  publishedAt: Date | null;
  leadBodyName: string;
  leadBodyAgs: string | null;
};

export type RecordEvent = {
  id: number;
  occurredAt: Date;
  action: string;
  actorName: string | null;
  bodyName: string | null;
  /** the round's title, for an event of one of the bundled rounds */
  roundTitle?: string;
  data: Record<string, unknown>;
};

export type TenderRecord = {
  tender: RecordTender;
  participants: { name: string; ags: string | null }[];
  rounds: { id: string; title: string }[];
  lots: { number: number; title: string }[];
  events: RecordEvent[];
};

/**
 * The tender with every event that concerns it, oldest first, each once. Events count as the
 * tender's when their subject is the tender, when their data names it (`tenderId`), when their
 * subject is one of its lots or bids (the bid and award modules may file events under those), or
 * when their subject is one of the rounds whose demand it bundles. Body ids in an event's data
 * (an invitation) are given their names. With `log`, the reading is itself an audit event, in
 * the same transaction (the export's own event last). Undefined unless `leadBodyId` leads it.
 */
export async function loadTenderRecord({
  tenderId,
  leadBodyId,
  log,
}: {
  tenderId: string;
  leadBodyId: string;
  log?: { actorUserId: string; format: "xlsx" | "docx" };
}): Promise<TenderRecord | undefined> {
  if (!isUuid(tenderId)) return undefined;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [tender] = await tx
      .select({
        id: tenders.id,
        referenceNumber: tenders.referenceNumber,
        title: tenders.title,
        description: tenders.description,
        status: tenders.status,
        procedure: tenders.procedure,
        procedureReason: tenders.procedureReason,
        framework: tenders.framework,
        termMonths: tenders.termMonths,
        termReason: tenders.termReason,
        contractStart: tenders.contractStart,
        submissionDeadline: tenders.submissionDeadline,
        publishedAt: tenders.publishedAt,
        leadBodyName: bodies.name,
        leadBodyAgs: bodies.ags,
      })
      .from(tenders)
      .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
      .where(and(eq(tenders.id, tenderId), eq(tenders.leadBodyId, leadBodyId)));
    if (!tender) return undefined;

    if (log) {
      await recordAuditEvent(tx, {
        actorUserId: log.actorUserId,
        bodyId: leadBodyId,
        action: "tender.record_exported",
        subjectType: "tender",
        subjectId: tenderId,
        data: { format: log.format },
      });
    }

    const participants = await tx
      .select({ name: bodies.name, ags: bodies.ags })
      .from(tenderParticipants)
      .innerJoin(bodies, eq(bodies.id, tenderParticipants.bodyId))
      .where(eq(tenderParticipants.tenderId, tenderId))
      .orderBy(asc(bodies.name));
    const bundled = await tx
      .select({ id: rounds.id, title: rounds.title })
      .from(tenderRounds)
      .innerJoin(rounds, eq(rounds.id, tenderRounds.roundId))
      .where(eq(tenderRounds.tenderId, tenderId))
      .orderBy(asc(rounds.createdAt));
    const tenderLots = await tx
      .select({ number: lots.number, title: lots.title })
      .from(lots)
      .where(eq(lots.tenderId, tenderId))
      .orderBy(asc(lots.number));

    const rows = await tx
      .select({
        id: auditEvents.id,
        occurredAt: auditEvents.occurredAt,
        action: auditEvents.action,
        subjectType: auditEvents.subjectType,
        subjectId: auditEvents.subjectId,
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
          and(
            eq(auditEvents.subjectType, "round"),
            sql`${auditEvents.subjectId} in (
              select round_id::text from tender_rounds where tender_id = ${tenderId}::uuid)`,
          ),
        ),
      )
      .orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id));

    const seen = new Set<number>();
    const unique = rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
    const names = await bodyNames(tx, unique);
    const roundTitles = new Map(bundled.map((r) => [r.id, r.title]));
    const events: RecordEvent[] = unique.map(({ subjectType, subjectId, ...event }) => ({
      ...event,
      ...(subjectType === "round" && subjectId && roundTitles.has(subjectId)
        ? { roundTitle: roundTitles.get(subjectId) }
        : {}),
      data: withBodyNames(event.data ?? {}, names),
    }));
    return { tender, participants, rounds: bundled, lots: tenderLots, events };
  });
}

/** The names of the bodies an event's data names by id (`bodyIds`, `bodyId`). */
async function bodyNames(tx: Executor, events: { data: Record<string, unknown> | null }[]) {
  const ids = new Set<string>();
  for (const { data } of events) {
    if (Array.isArray(data?.bodyIds)) for (const id of data.bodyIds) if (isUuid(id)) ids.add(id);
    if (isUuid(data?.bodyId)) ids.add(data.bodyId);
  }
  if (ids.size === 0) return new Map<string, string>();
  const found = await tx
    .select({ id: bodies.id, name: bodies.name })
    .from(bodies)
    .where(inArray(bodies.id, [...ids]));
  return new Map(found.map((b) => [b.id, b.name]));
}

function withBodyNames(data: Record<string, unknown>, names: Map<string, string>) {
  const out = { ...data };
  if (Array.isArray(data.bodyIds))
    out.invitedBodies = data.bodyIds.map(
      (id) => names.get(String(id)) ?? "unbekannte Körperschaft",
    );
  if (typeof data.bodyId === "string" && names.has(data.bodyId))
    out.bodyName = names.get(data.bodyId);
  return out;
}

/** The XLSX event list's read: logs the export, then the record. */
export async function exportTenderAuditRecord({
  tenderId,
  leadBodyId,
  actorUserId,
}: {
  tenderId: string;
  leadBodyId: string;
  actorUserId: string;
}): Promise<TenderRecord | undefined> {
  return loadTenderRecord({ tenderId, leadBodyId, log: { actorUserId, format: "xlsx" } });
}
