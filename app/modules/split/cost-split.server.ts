// The cost split (Kostenaufteilung) of an awarded tender as the treasurers read it: per body and
// lot the goods, VAT, shared costs, what it pays, what it would have paid alone, its savings, the
// amounts per budget year (Haushaltsjahr), and the reconciliation with the supplier invoices.
//
// Scoped by the viewer's body in here, not in the page: the lead body's users get every
// participating body; any other participating body gets only its own rows – the returned object
// holds no other body's figures or names. The split itself needs every line of a lot (the
// invoice is divided over all of them), so it is computed in full and only the viewer's part
// leaves this module. Lot totals (invoice, shared costs, the sum over all bodies) are not secret:
// every participant sees them to check the reconciliation.
import { and, eq, or, sql } from "drizzle-orm";

import { getDb, pgErrorCode } from "#db/client";
import { awards, bids, bodies, tenderParticipants, tenders } from "#db/schema";

import { isUuid } from "~/domain/ids";

import { listTenderLots, lotLabel } from "~/modules/bids/index.server";
import {
  ZERO_FIGURES,
  addFigures,
  byName,
  mergeYears,
  sortedYears,
  splitLot,
  sumReconciliations,
} from "./split-lot.server";
import { readLotSplits, storeLotSplits } from "./split-store.server";
import {
  type BudgetYearDue,
  type SplitBody,
  type SplitFigures,
  type SplitLot,
  type TenderSplit,
} from "./split-view.server";

/** A tender's number, title and lead (from tenders joined with the lead's body). */
export const tenderHeadColumns = {
  id: tenders.id,
  referenceNumber: tenders.referenceNumber,
  title: tenders.title,
  leadBodyId: tenders.leadBodyId,
  leadBodyName: bodies.name,
};

/** Whether the body takes part in the row's tender. */
export const takesPart = (bodyId: string) =>
  sql<boolean>`exists (select 1 from ${tenderParticipants} tp where tp.tender_id = ${tenders.id} and tp.body_id = ${bodyId}::uuid)`;

/** The tenders a body may see the split of: those it leads or takes part in. */
export const leadsOrTakesPart = (bodyId: string) =>
  or(eq(tenders.leadBodyId, bodyId), takesPart(bodyId));

async function loadTenderForViewer(tenderId: string, viewerBodyId: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      ...tenderHeadColumns,
      pricing: tenders.pricing,
      framework: tenders.framework,
      goodsBilling: tenders.goodsBilling,
      contractStart: tenders.contractStart,
      termMonths: tenders.termMonths,
    })
    .from(tenders)
    .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
    .where(
      and(
        eq(tenders.id, tenderId),
        eq(tenders.status, "published"),
        leadsOrTakesPart(viewerBodyId),
      ),
    );
  return row;
}

async function isParticipant(tenderId: string, bodyId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ bodyId: tenderParticipants.bodyId })
    .from(tenderParticipants)
    .where(and(eq(tenderParticipants.tenderId, tenderId), eq(tenderParticipants.bodyId, bodyId)));
  return row !== undefined;
}

/**
 * The split of a published tender's awarded lots for the viewer's body. Undefined when the
 * viewer's body neither leads nor takes part, or when `bodyId` names a body the viewer may not
 * see (any other body for a non-lead; a non-participant for the lead). `bodyId` narrows the
 * lead's view to one body (its export), `page` to some bodies (a page of its overview; the lots'
 * totals stay every body's). The lines are not in it: `splitLineChunks` streams them.
 */
export async function splitForTender({
  tenderId,
  viewerBodyId,
  bodyId,
  page,
}: {
  tenderId: string;
  viewerBodyId: string;
  bodyId?: string;
  /** the lead's view only: the bodies of one page (listSplitParticipants) */
  page?: string[];
}): Promise<TenderSplit | undefined> {
  if (!isUuid(tenderId) || !isUuid(viewerBodyId)) return undefined;
  if (bodyId !== undefined && !isUuid(bodyId)) return undefined;
  if (page !== undefined && !page.every(isUuid)) return undefined;
  const tender = await loadTenderForViewer(tenderId, viewerBodyId);
  if (!tender) return undefined;
  const isLead = tender.leadBodyId === viewerBodyId;
  if (!isLead && bodyId !== undefined && bodyId !== viewerBodyId) return undefined;
  if (isLead && bodyId !== undefined && !(await isParticipant(tenderId, bodyId))) return undefined;
  // null = every body (the lead's overview); a body's rows are read only by itself or the lead
  const scope: TenderSplit["scope"] =
    !isLead || bodyId !== undefined ? "body" : page !== undefined ? "page" : "all";
  const only: string[] | null =
    scope === "all" ? null : scope === "page" ? page! : [isLead ? bodyId! : viewerBodyId];

  const db = await getDb();
  const [structure, awarded] = await Promise.all([
    listTenderLots({ tenderId }),
    db
      .select({
        lotId: awards.lotId,
        awardedAt: awards.awardedAt,
        bidderName: bids.bidderName,
        bidderAddress: bids.bidderAddress,
      })
      .from(awards)
      .innerJoin(bids, eq(bids.id, awards.bidId))
      .where(eq(awards.tenderId, tenderId)),
  ]);
  const awardByLot = new Map(awarded.map((a) => [a.lotId, a]));

  const lots: SplitLot[] = [];
  const pendingLots: TenderSplit["pendingLots"] = [];
  const names = new Map<string, { name: string; ags: string | null }>();
  // Every awarded lot's split as stored at its award; only the visible bodies' rows are read.
  const awardedIds = structure.filter((lot) => awardByLot.has(lot.id)).map((lot) => lot.id);
  let splits = await readLotSplits({ tenderId, lotIds: awardedIds, bodyIds: only ?? undefined });
  if (splits.size < awardedIds.length) {
    // awarded before splits were stored (migration 0006): stored now, once
    const missing = awardedIds.filter((id) => !splits.has(id));
    await db
      .transaction((tx) => storeLotSplits(tx, { tenderId, lotIds: missing, now: new Date() }))
      .catch((error: unknown) => {
        // another request stored it first
        if (pgErrorCode(error) !== "23505") throw error;
      });
    splits = await readLotSplits({ tenderId, lotIds: awardedIds, bodyIds: only ?? undefined });
  }
  for (const lot of structure) {
    const award = awardByLot.get(lot.id);
    if (!award) {
      pendingLots.push({ number: lot.number, title: lot.title, label: lotLabel(lot) });
      continue;
    }
    const stored = splits.get(lot.id);
    const computed = stored ? splitLot({ tender, lot, award, stored }) : undefined;
    // A body without demand in this lot has nothing in it; the lead's overview shows every lot.
    if (computed && (scope !== "body" || computed.bodies.length > 0)) lots.push(computed);
  }

  // Names of the visible bodies only.
  const bodyIds = [...new Set(lots.flatMap((l) => l.bodies.map((b) => b.bodyId)))];
  if (bodyIds.length > 0) {
    // one array parameter, not one parameter per body (10,751 of them nationally)
    const rows = await db
      .select({ id: bodies.id, name: bodies.name, ags: bodies.ags })
      .from(bodies)
      .where(sql`${bodies.id} = any(${`{${bodyIds.join(",")}}`}::uuid[])`);
    for (const r of rows) names.set(r.id, { name: r.name, ags: r.ags });
  }
  const totals = new Map<string, { figures: SplitFigures; years: Map<number, BudgetYearDue> }>();
  for (const lot of lots) {
    for (const body of lot.bodies) {
      const known = names.get(body.bodyId);
      body.name = known?.name ?? "";
      body.ags = known?.ags ?? null;
      let total = totals.get(body.bodyId);
      if (!total)
        totals.set(body.bodyId, (total = { figures: { ...ZERO_FIGURES }, years: new Map() }));
      addFigures(total.figures, body);
      mergeYears(total.years, body.budgetYears);
    }
  }
  const bodyTotals: SplitBody[] = [...totals.entries()]
    .map(([id, t]) => ({
      ...t.figures,
      bodyId: id,
      name: names.get(id)?.name ?? "",
      ags: names.get(id)?.ags ?? null,
      isLead: id === tender.leadBodyId,
      budgetYears: sortedYears(t.years),
    }))
    .sort(byName);
  // Each lot in the same order by the rank of its bodies (a national lead's view: twelve sorts of
  // 10,751 bodies by German collation took ≈ 300 ms; by rank they take a few).
  const rank = new Map(bodyTotals.map((b, i) => [b.bodyId, i]));
  for (const lot of lots) lot.bodies.sort((a, b) => rank.get(a.bodyId)! - rank.get(b.bodyId)!);

  return {
    tender,
    viewer: { bodyId: viewerBodyId, isLead },
    scope,
    lots,
    pendingLots,
    bodies: bodyTotals,
    totals: lots.reduce((sum, lot) => (addFigures(sum, lot.totals), sum), { ...ZERO_FIGURES }),
    reconciliation: sumReconciliations(lots.map((l) => l.reconciliation)),
  };
}
