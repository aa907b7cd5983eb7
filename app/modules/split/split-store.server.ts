// The stored split (decision 010): computed once at the award (storeLotSplits) and read by every
// page and file afterwards (readLotSplits).
import { and, asc, eq, sql, type SQLWrapper } from "drizzle-orm";

import { getDb, queryRows, type Transaction } from "#db/client";
import { lots, lotSplits, sharedCosts, splitBodies, splitShares, tenders } from "#db/schema";
import { spreadOverBudgetYears } from "~/domain/budget-years";
import { parseIsoDate } from "~/domain/calendar-date";
import {
  type LotSplit,
  type LotSplitInput,
  type LotSplitShare,
  splitFigures,
  type SplitFigures,
} from "~/domain/cost-split";
import { isUuid } from "~/domain/ids";

import { sharedCostSelection } from "~/modules/tender/index.server";
import { arrayParam, type CostRow } from "./split-input.server";
import { lineNet, lineVat } from "./split-lines.server";
import { type LotSplitPlan, type PlannedBody, planSplits } from "./split-plan.server";

// ─── The stored split (decision 010) ─────────────────────────────────────────────────────────

/** Licences start with their month: a contract start on the 15th counts from the 1st. */
function firstOfMonth(contractStart: string): string {
  const { year, month } = parseIsoDate(contractStart, "Vertragsbeginn");
  return `${year}-${String(month).padStart(2, "0")}-01`;
}

/** A licence lot's spread of cents over the budget years of the contract (from its month). */
export function licenceSpread(contract: { contractStart: string; termMonths: number }) {
  const start = firstOfMonth(contract.contractStart);
  return (cents: number) =>
    spreadOverBudgetYears({ start, months: contract.termMonths, totalCents: cents });
}

/**
 * Computes the split of awarded lots (planSplits) and stores it, in the caller's transaction –
 * the award's, so that an award never exists without its split. A lot whose split is already
 * stored is left as it is (a second call changes nothing). Before the rows count, every line's
 * cents are summed once more from what was stored and compared with the invoice: a split that
 * does not reconcile to the cent is refused, and the award with it.
 */
export async function storeLotSplits(
  tx: Transaction,
  {
    tenderId,
    lotIds,
    now,
    numeric,
  }: {
    tenderId: string;
    lotIds: string[];
    now: Date;
    /** tests: compute in `numeric` even where `bigint` would do */
    numeric?: boolean;
  },
): Promise<void> {
  if (!isUuid(tenderId) || lotIds.length === 0 || !lotIds.every(isUuid)) return;
  const stored = await tx
    .select({ lotId: lotSplits.lotId })
    .from(lotSplits)
    .where(sql`${lotSplits.lotId} = any(${arrayParam(lotIds)}::uuid[])`);
  const wanted = lotIds.filter((id) => !stored.some((s) => s.lotId === id));
  if (wanted.length === 0) return;
  const [tender] = await tx
    .select({ contractStart: tenders.contractStart, termMonths: tenders.termMonths })
    .from(tenders)
    .where(eq(tenders.id, tenderId));
  if (!tender) return;
  const licences = await tx
    .select({ id: lots.id })
    .from(lots)
    .where(
      and(
        eq(lots.tenderId, tenderId),
        eq(lots.category, "license"),
        sql`${lots.id} = any(${arrayParam(wanted)}::uuid[])`,
      ),
    );
  const plans = await planSplits(tx, {
    tenderId,
    lots: wanted.map((lotId) => ({ lotId })),
    years: {
      lotIds: licences.map((l) => l.id),
      spread: licenceSpread(tender),
      termMonths: tender.termMonths,
    },
    numeric,
  });
  await storePlans(tx, [...plans.values()], now);
}

/**
 * Writes the plans of all lots with one statement per table (a national lot has 10,000 bodies:
 * bodies and shares go as one JSON array each), then checks them all with one scan of their
 * lines. Their groups' cents were stored by the split statement itself.
 */
async function storePlans(tx: Transaction, plans: LotSplitPlan[], now: Date): Promise<void> {
  if (plans.length === 0) return;
  await tx.insert(lotSplits).values(
    plans.map((plan) => ({
      lotId: plan.lotId,
      tenderId: plan.tenderId,
      invoice: plan.invoice,
      sharedCosts: plan.sharedCosts,
      items: Object.fromEntries(
        [...plan.goods.items].map(([id, f]) => [
          id,
          { unitPrice: f.unitPrice, vatRateBp: f.vatRateBp },
        ]),
      ),
      years: plan.years,
      storedAt: now,
    })),
  );
  const winners = plans.flatMap((plan) =>
    [...new Set([...plan.tieWinners.net, ...plan.tieWinners.vat])].map((ref) => ({
      lot: plan.lotId,
      line: ref,
      n: plan.tieWinners.net.has(ref) ? 1 : 0,
      v: plan.tieWinners.vat.has(ref) ? 1 : 0,
    })),
  );
  if (winners.length > 0) {
    await tx.execute(
      sql`insert into split_tie_cents (lot_id, line_id, net_cents, vat_cents)
          select x.lot, x.line, x.n, x.v
            from jsonb_to_recordset(${JSON.stringify(winners)}::jsonb)
              as x(lot uuid, line int8, n int, v int)`,
    );
  }
  const bodyRows = plans.flatMap((plan) =>
    plan.bodies.map((b) => ({
      ...b,
      lotId: plan.lotId,
      yearCents: `{${b.yearCents.join(",")}}`,
    })),
  );
  await tx.execute(
    sql`insert into split_bodies (lot_id, body_id, goods_net_cents, goods_vat_cents,
                                  shared_net_cents, shared_vat_cents, gross_cents, alone_net_cents,
                                  gross_savings_cents, net_savings_cents, lines, year_cents)
        select x."lotId", x."bodyId", x."goodsNetCents", x."goodsVatCents", x."sharedNetCents",
               x."sharedVatCents", x."grossCents", x."aloneNetCents", x."grossSavingsCents",
               x."netSavingsCents", x.lines, x."yearCents"::int8[]
          from jsonb_to_recordset(${JSON.stringify(bodyRows)}::jsonb)
            as x("lotId" uuid, "bodyId" uuid, "goodsNetCents" int8, "goodsVatCents" int8,
                 "sharedNetCents" int8, "sharedVatCents" int8, "grossCents" int8,
                 "aloneNetCents" int8, "grossSavingsCents" int8, "netSavingsCents" int8,
                 lines int, "yearCents" text)`,
  );
  const shareRows = plans.flatMap((plan) => plan.shared.map((s) => ({ ...s, lotId: plan.lotId })));
  if (shareRows.length > 0) {
    await tx.execute(
      sql`insert into split_shares (lot_id, cost_id, body_id, net_cents, vat_cents, gross_cents)
          select x."lotId", x."costId", x."bodyId", x."netCents", x."vatCents", x."grossCents"
            from jsonb_to_recordset(${JSON.stringify(shareRows)}::jsonb)
              as x("lotId" uuid, "costId" uuid, "bodyId" uuid, "netCents" int8, "vatCents" int8,
                   "grossCents" int8)`,
    );
  }
  // Every line of the lots from the stored rows, once: it must have its group, and each lot's
  // lines must add up to its invoice and to its bodies' sums.
  const checks = await queryRows<{
    lot_id: string;
    lines: string;
    grouped: string;
    net: string;
    vat: string;
  }>(
    tx,
    sql`select l.lot_id::text as lot_id, count(*)::text as lines, count(g.lot_id)::text as grouped,
               coalesce(sum(${lineNet}), 0)::text as net, coalesce(sum(${lineVat}), 0)::text as vat
          from tender_lines l
          left join split_groups g on g.lot_id = l.lot_id and g.item_id = l.item_id and g.quantity = l.quantity
          left join split_tie_cents t on t.lot_id = l.lot_id and t.line_id = l.id
         where l.lot_id = any(${arrayParam(plans.map((p) => p.lotId))}::uuid[])
         group by l.lot_id`,
  );
  const sum = (values: Record<number, number>) => Object.values(values).reduce((a, b) => a + b, 0);
  for (const plan of plans) {
    const check = checks.find((c) => c.lot_id === plan.lotId) ?? {
      lines: "0",
      grouped: "0",
      net: "0",
      vat: "0",
    };
    const expected = {
      lines: plan.bodies.reduce((a, b) => a + b.lines, 0),
      net: sum(plan.invoice.netCentsByRate),
      vat: sum(plan.invoice.vatCentsByRate),
    };
    if (
      Number(check.lines) !== expected.lines ||
      Number(check.grouped) !== expected.lines ||
      Number(check.net) !== expected.net ||
      Number(check.vat) !== expected.vat ||
      plan.bodies.reduce((a, b) => a + b.goodsNetCents, 0) !== expected.net ||
      plan.bodies.reduce((a, b) => a + b.goodsVatCents, 0) !== expected.vat
    ) {
      throw new Error(
        `storeLotSplits: lot ${plan.lotId} does not reconcile (lines ${check.lines}/${check.grouped} of ${expected.lines}, net ${check.net} of ${expected.net}, VAT ${check.vat} of ${expected.vat})`,
      );
    }
  }
}

/** An awarded lot's stored split, for the bodies asked for, with its sums over every body. */
export type StoredLotSplit = {
  lotId: string;
  invoice: LotSplit["invoice"];
  /** the shared costs as split, by id; `costRows` their labels, kinds and settings */
  sharedCosts: LotSplitInput["sharedCosts"];
  costRows: CostRow[];
  /** per item id: the unit price shown and the VAT rate the split used */
  items: Map<string, { unitPrice: number; vatRateBp: number }>;
  /** licence lots: the budget years of the bodies' `yearCents` */
  years: number[];
  /** the requested bodies (all, or one), by id */
  bodies: PlannedBody[];
  /** the requested bodies' shares, by cost id, then body id */
  shared: LotSplitShare[];
  /** summed by the database over every body of the lot, whoever asked */
  totals: {
    bodies: number;
    lines: number;
    /** Σ of every body's figures */
    figures: SplitFigures;
    /** per shared cost: Σ of its shares' VAT and gross */
    costs: Map<string, { vatCents: number; grossCents: number }>;
  };
};

/**
 * The stored split of a tender's awarded lots; `bodyIds` narrows bodies and shares to those
 * bodies (the totals stay the lot's). Lots without a stored split are not in the result.
 */
export async function readLotSplits({
  tenderId,
  lotIds,
  bodyIds,
}: {
  tenderId: string;
  lotIds: string[];
  bodyIds?: string[];
}): Promise<Map<string, StoredLotSplit>> {
  const result = new Map<string, StoredLotSplit>();
  if (!isUuid(tenderId) || lotIds.length === 0 || !lotIds.every(isUuid)) return result;
  if (bodyIds !== undefined && !bodyIds.every(isUuid)) return result;
  const db = await getDb();
  const lotList = arrayParam(lotIds);
  const inLots = (column: SQLWrapper) => sql`${column} = any(${lotList}::uuid[])`;
  const ofBodies = (column: SQLWrapper) =>
    bodyIds === undefined ? undefined : sql`${column} = any(${arrayParam(bodyIds)}::uuid[])`;
  const [heads, costRows, bodyRows, shareRows, bodyTotals, costTotals] = await Promise.all([
    db
      .select()
      .from(lotSplits)
      .where(and(inLots(lotSplits.lotId), eq(lotSplits.tenderId, tenderId))),
    db
      .select(sharedCostSelection)
      .from(sharedCosts)
      .where(and(inLots(sharedCosts.lotId), eq(sharedCosts.tenderId, tenderId)))
      .orderBy(asc(sharedCosts.id)),
    db
      .select()
      .from(splitBodies)
      .where(and(inLots(splitBodies.lotId), ofBodies(splitBodies.bodyId)))
      .orderBy(asc(splitBodies.lotId), asc(splitBodies.bodyId)),
    db
      .select()
      .from(splitShares)
      .where(and(inLots(splitShares.lotId), ofBodies(splitShares.bodyId)))
      .orderBy(asc(splitShares.lotId), asc(splitShares.costId), asc(splitShares.bodyId)),
    queryRows<{
      lot_id: string;
      n: number;
      lines: string;
      goods_net: string;
      goods_vat: string;
      shared_net: string;
      shared_vat: string;
      gross: string;
      alone: string;
      gross_savings: string;
      net_savings: string;
    }>(
      db,
      sql`select lot_id::text as lot_id, count(*)::int as n, sum(lines)::text as lines,
                 sum(goods_net_cents)::text as goods_net, sum(goods_vat_cents)::text as goods_vat,
                 sum(shared_net_cents)::text as shared_net,
                 sum(shared_vat_cents)::text as shared_vat, sum(gross_cents)::text as gross,
                 sum(alone_net_cents)::text as alone,
                 sum(gross_savings_cents)::text as gross_savings,
                 sum(net_savings_cents)::text as net_savings
            from split_bodies where ${inLots(sql`lot_id`)} group by lot_id`,
    ),
    queryRows<{ lot_id: string; cost_id: string; vat: string; gross: string }>(
      db,
      sql`select lot_id::text as lot_id, cost_id::text as cost_id, sum(vat_cents)::text as vat,
                 sum(gross_cents)::text as gross
            from split_shares where ${inLots(sql`lot_id`)} group by lot_id, cost_id`,
    ),
  ]);
  for (const h of heads) {
    const totals = bodyTotals.find((t) => t.lot_id === h.lotId);
    result.set(h.lotId, {
      lotId: h.lotId,
      invoice: h.invoice,
      sharedCosts: h.sharedCosts,
      costRows: costRows.filter((c) => c.lotId === h.lotId),
      items: new Map(Object.entries(h.items)),
      years: h.years,
      bodies: [],
      shared: [],
      totals: {
        bodies: totals?.n ?? 0,
        lines: Number(totals?.lines ?? 0),
        figures: {
          goodsNetCents: Number(totals?.goods_net ?? 0),
          goodsVatCents: Number(totals?.goods_vat ?? 0),
          sharedNetCents: Number(totals?.shared_net ?? 0),
          sharedVatCents: Number(totals?.shared_vat ?? 0),
          grossCents: Number(totals?.gross ?? 0),
          aloneNetCents: Number(totals?.alone ?? 0),
          grossSavingsCents: Number(totals?.gross_savings ?? 0),
          netSavingsCents: Number(totals?.net_savings ?? 0),
        },
        costs: new Map(
          costTotals
            .filter((c) => c.lot_id === h.lotId)
            .map((c) => [c.cost_id, { vatCents: Number(c.vat), grossCents: Number(c.gross) }]),
        ),
      },
    });
  }
  for (const b of bodyRows) {
    result.get(b.lotId)?.bodies.push({
      bodyId: b.bodyId,
      ...splitFigures(b),
      lines: b.lines,
      yearCents: b.yearCents.map(Number),
    });
  }
  for (const s of shareRows) {
    result.get(s.lotId)?.shared.push({
      costId: s.costId,
      bodyId: s.bodyId,
      netCents: s.netCents,
      vatCents: s.vatCents,
      grossCents: s.grossCents,
    });
  }
  return result;
}
