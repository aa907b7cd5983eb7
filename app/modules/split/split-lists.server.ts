// Lists around the split: the lead's paged participants, the tenders a body sees a split of, what
// a body owes per budget year, and the audit event of every download.
import { and, eq, sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { bodies, tenderParticipants, tenders } from "#db/schema";

import { isUuid } from "~/domain/ids";

import { recordAuditEvent } from "~/modules/audit/index.server";
import {
  leadsOrTakesPart,
  splitForTender,
  takesPart,
  tenderHeadColumns,
} from "./cost-split.server";
import { byName } from "./split-lot.server";
import { type BudgetYearDue } from "./split-view.server";

/** A body of the lead's overview: who it is and whether it matches the search. */
export type SplitParticipant = { bodyId: string; name: string; ags: string | null };

/**
 * The bodies of the awarded lots' stored splits, in German name order, for the lead's paged
 * overview; `search` keeps those whose name or AGS contains it. Undefined for anyone but the
 * lead's viewer.
 */
export async function listSplitParticipants({
  tenderId,
  viewerBodyId,
  search = "",
}: {
  tenderId: string;
  viewerBodyId: string;
  search?: string;
}): Promise<SplitParticipant[] | undefined> {
  if (!isUuid(tenderId) || !isUuid(viewerBodyId)) return undefined;
  const db = await getDb();
  const [lead] = await db
    .select({ id: tenders.id })
    .from(tenders)
    .where(
      and(
        eq(tenders.id, tenderId),
        eq(tenders.leadBodyId, viewerBodyId),
        eq(tenders.status, "published"),
      ),
    );
  if (!lead) return undefined;
  const needle = search.trim().toLocaleLowerCase("de-DE");
  const rows = await queryRows<{ id: string; name: string; ags: string | null }>(
    db,
    sql`select b.id::text as id, b.name, b.ags from bodies b
         where b.id in (select sb.body_id from split_bodies sb
                          join lot_splits ls on ls.lot_id = sb.lot_id
                         where ls.tender_id = ${tenderId})`,
  );
  return rows
    .filter(
      (r) =>
        needle === "" ||
        r.name.toLocaleLowerCase("de-DE").includes(needle) ||
        (r.ags ?? "").includes(needle),
    )
    .map((r) => ({ bodyId: r.id, name: r.name, ags: r.ags }))
    .sort(byName);
}
export type SplitTenderSummary = {
  id: string;
  referenceNumber: string;
  title: string;
  leadBodyName: string;
  isLead: boolean;
  participates: boolean;
  lots: number;
  awardedLots: number;
  participants: number;
  lastAwardedAt: Date;
};

/** Published tenders with at least one award that the body leads or takes part in, newest first. */
export async function listSplitTenders({
  bodyId,
}: {
  bodyId: string;
}): Promise<SplitTenderSummary[]> {
  if (!isUuid(bodyId)) return [];
  const db = await getDb();
  const rows = await db
    .select({
      ...tenderHeadColumns,
      participates: takesPart(bodyId),
      lots: sql<number>`(select count(*)::int from lots l where l.tender_id = ${tenders.id})`,
      awardedLots: sql<number>`(select count(*)::int from awards a where a.tender_id = ${tenders.id})`,
      participants: sql<number>`(select count(*)::int from ${tenderParticipants} tp where tp.tender_id = ${tenders.id})`,
      lastAwardedAt: sql<Date>`(select max(a.awarded_at) from awards a where a.tender_id = ${tenders.id})`,
    })
    .from(tenders)
    .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
    .where(
      and(
        eq(tenders.status, "published"),
        sql`exists (select 1 from awards a where a.tender_id = ${tenders.id})`,
        leadsOrTakesPart(bodyId),
      ),
    );
  return rows
    .map((r) => ({
      id: r.id,
      referenceNumber: r.referenceNumber,
      title: r.title,
      leadBodyName: r.leadBodyName,
      isLead: r.leadBodyId === bodyId,
      participates: Boolean(r.participates),
      lots: Number(r.lots),
      awardedLots: Number(r.awardedLots),
      participants: Number(r.participants),
      lastAwardedAt: new Date(r.lastAwardedAt),
    }))
    .sort(
      (a, b) =>
        b.lastAwardedAt.getTime() - a.lastAwardedAt.getTime() ||
        a.title.localeCompare(b.title, "de"),
    );
}

export type DueTender = {
  tenderId: string;
  referenceNumber: string;
  title: string;
  leadBodyName: string;
  awardedLots: number;
  lots: number;
  totalCents: number;
  years: BudgetYearDue[];
};

/**
 * What the body owes per budget year, for every awarded tender it takes part in (its own
 * figures only, also when it leads). For the treasurer's dashboard and the list of splits.
 */
export async function dueByBudgetYear({ bodyId }: { bodyId: string }): Promise<DueTender[]> {
  const tendersOfBody = (await listSplitTenders({ bodyId })).filter((t) => t.participates);
  const result: DueTender[] = [];
  for (const t of tendersOfBody) {
    const split = await splitForTender({ tenderId: t.id, viewerBodyId: bodyId, bodyId });
    const own = split?.bodies.find((b) => b.bodyId === bodyId);
    if (!split || !own) continue;
    result.push({
      tenderId: t.id,
      referenceNumber: t.referenceNumber,
      title: t.title,
      leadBodyName: t.leadBodyName,
      awardedLots: t.awardedLots,
      lots: t.lots,
      totalCents: own.grossCents,
      years: own.budgetYears,
    });
  }
  return result;
}

/** Every download of a split is an audit event of the tender (§ 8 VgV record). */
export async function recordSplitExport({
  tenderId,
  viewerBodyId,
  actorUserId,
  format,
  exportedFor,
}: {
  tenderId: string;
  viewerBodyId: string;
  actorUserId: string;
  /** docx: the body's council paper (Beschlussvorlage), which states its share */
  format: "xlsx" | "csv" | "docx";
  /** the body's name, or "alle Körperschaften" for the lead's full export */
  exportedFor: string;
}) {
  await recordAuditEvent(null, {
    actorUserId,
    bodyId: viewerBodyId,
    action: "tender.split_exported",
    subjectType: "tender",
    subjectId: tenderId,
    data: { format, exportedFor },
  });
}
