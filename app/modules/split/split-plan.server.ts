// The split at scale (decision 007): the cost split of awarded lots computed without their lines
// in memory, in the award's transaction; the one SQL statement it runs is split-statement.server.ts.
import { sql } from "drizzle-orm";

import { queryRows, type Transaction } from "#db/client";
import {
  type LotSplit,
  type LotSplitBody,
  type LotSplitInput,
  type LotSplitShare,
} from "~/domain/cost-split";
import {
  budgetYearTable,
  finishLotSplit,
  type GoodsPlan,
  pickTieWinners,
  planGoods,
  settleBoundary,
  type Threshold,
} from "~/domain/cost-split-groups";

import {
  arrayParam,
  type CostRow,
  loadLotHeads,
  type LotRequest,
  sharedCostInputs,
} from "./split-input.server";
import { type LicenceYears, type LotQuotas, splitStatement } from "./split-statement.server";

// ─── The split at scale (decision 007) ───────────────────────────────────────────────────────

/** Per body of a lot: its figures, how many lines it has, and its licence cents per budget year. */
export type PlannedBody = LotSplitBody & { lines: number; yearCents: number[] };

/** A lot's split as computed, before it is stored (storeLotSplits). */
export type LotSplitPlan = {
  tenderId: string;
  lotId: string;
  leadBodyId: string;
  goods: GoodsPlan;
  invoice: LotSplit["invoice"];
  /** every body of the lot, ordered by id as splitLotCosts orders them */
  bodies: PlannedBody[];
  shared: LotSplitShare[];
  sharedCosts: LotSplitInput["sharedCosts"];
  /** labels, kinds and settings of the shared costs, by id order */
  costRows: CostRow[];
  /** with `budgetYears`: the years the bodies' `yearCents` stand for */
  years: number[];
  /** per rate: from which remainder key on a line gets a cent (see settleBoundary) */
  thresholds: Map<number, { net: Threshold; vat: Threshold }>;
  /** refs of the lines of a split boundary class that get its cents, per component */
  tieWinners: { net: Set<string>; vat: Set<string> };
};

/**
 * The split of lots of a tender without their lines in memory: per lot the same figures as
 * `splitLotCosts(await lotSplitInput(…))` (tested property). Two statements for all lots
 * together: the items' bundled quantities (which fix every line's exact quota), then one that
 * computes every line group's cents (and stores them in split_groups: only storeLotSplits calls
 * this, in its transaction), finds where each rate's cents run out (the boundary class of equal
 * remainders), sums each body's lines and returns the lines of a boundary class that has more
 * lines than cents; those are decided here by the engine's line order and added to their
 * bodies' sums. `years` (licence lots) adds each body's licence cents per budget year, summed
 * over its lines' own spreads.
 */
export async function planSplits(
  tx: Transaction,
  {
    tenderId,
    lots: requests,
    years: yearsFor,
    numeric = false,
  }: {
    tenderId: string;
    lots: LotRequest[];
    /** the contract's spreadOverBudgetYears and term, for the lots in `lotIds` */
    years?: {
      lotIds: string[];
      spread: (cents: number) => { year: number; cents: number }[];
      termMonths: number;
    };
    /** tests: compute in `numeric` even where `bigint` would do */
    numeric?: boolean;
  },
): Promise<Map<string, LotSplitPlan>> {
  const heads = await loadLotHeads(tx, tenderId, requests);
  const plans = new Map<string, LotSplitPlan>();
  if (heads.size === 0) return plans;
  const lotIds = [...heads.keys()];
  const totals = await queryRows<{
    lot_id: string;
    item_id: string;
    q: string;
    n: number;
    largest: number;
  }>(
    tx,
    sql`select lot_id::text as lot_id, item_id::text as item_id, sum(quantity)::text as q,
               count(*)::int as n, max(quantity) as largest
          from tender_lines where lot_id = any(${arrayParam(lotIds)}::uuid[])
         group by lot_id, item_id`,
  );
  const lots: LotQuotas[] = lotIds.map((lotId) => {
    const head = heads.get(lotId)!;
    const goods = planGoods({
      pricing: head.pricing,
      termMonths: head.termMonths,
      items: head.items,
      totals: totals
        .filter((t) => t.lot_id === lotId)
        .map((t) => ({
          itemId: t.item_id,
          quantity: BigInt(t.q),
          lines: Number(t.n),
          maxQuantity: BigInt(t.largest),
        })),
    });
    return {
      lotId,
      goods: numeric ? { ...goods, fitsInt8: false } : goods,
      thresholds: new Map(goods.rates.map((r) => [r.vatRateBp, { net: null, vat: null }])),
      tieWinners: { net: new Set<string>(), vat: new Set<string>() },
    };
  });
  // Licence years only for the licence lots among them (none: no year sums at all).
  const yearLots = new Set(yearsFor?.lotIds.filter((id) => heads.has(id)) ?? []);
  const licence: LicenceYears | undefined =
    yearsFor && yearLots.size > 0
      ? {
          table: budgetYearTable(yearsFor.spread, yearsFor.termMonths),
          termMonths: yearsFor.termMonths,
          lotIds: yearLots,
        }
      : undefined;
  const { sums, boundaries, tieLines } = await splitStatement(tx, { lots, heads, licence });

  // Thresholds from the boundaries; a boundary class with more lines than cents is a tie.
  const byLot = new Map(lots.map((l) => [l.lotId, l]));
  for (const b of boundaries) {
    const leftOver = BigInt(b.left_over);
    const threshold = settleBoundary(
      b.k === null
        ? undefined
        : {
            leftOver,
            key: BigInt(b.k),
            classLines: BigInt(b.lines!),
            linesAbove: BigInt(b.above!),
          },
      leftOver,
    );
    const lot = byLot.get(b.l)!;
    lot.thresholds.get(Number(b.r))![b.c] = threshold;
    if (threshold && threshold.tie > 0) {
      const lines = tieLines.filter((t) => t.lot === b.l && t.r === Number(b.r) && t.tie[b.c]);
      for (const ref of pickTieWinners(lines, threshold.tie)) lot.tieWinners[b.c].add(ref);
    }
  }

  // The statement summed a tie line's cents without its tie cent: add the winners' here.
  const m = licence?.termMonths ?? 1;
  const yearsOf = (gross: number) => {
    const rest = licence!.table.rest[gross % m]!;
    return licence!.table.months.map((months, j) => Math.floor(gross / m) * months + rest[j]!);
  };
  for (const t of tieLines) {
    const lot = byLot.get(t.lot)!;
    const plus = {
      net: lot.tieWinners.net.has(t.ref) ? 1 : 0,
      vat: lot.tieWinners.vat.has(t.ref) ? 1 : 0,
    };
    if (plus.net + plus.vat === 0) continue;
    const body = sums.get(t.lot)!.get(t.bodyId)!;
    body.sums.goodsNetCents += BigInt(plus.net);
    body.sums.goodsVatCents += BigInt(plus.vat);
    if (licence?.lotIds.has(t.lot)) {
      const before = yearsOf(t.netCents + t.vatCents);
      const after = yearsOf(t.netCents + t.vatCents + plus.net + plus.vat);
      body.yearCents = body.yearCents.map((c, j) => c + after[j]! - before[j]!);
    }
  }

  for (const lot of lots) {
    const head = heads.get(lot.lotId)!;
    const withYears = licence?.lotIds.has(lot.lotId) === true;
    const own = [...(sums.get(lot.lotId)?.values() ?? [])];
    const sharedCosts = sharedCostInputs(head, lot.goods.exactNet);
    const { bodies: figures, shared } = finishLotSplit({
      bodies: own.map((s) => s.sums),
      sharedCosts,
      termMonths: head.termMonths,
    });
    const extra = new Map(own.map((s) => [s.sums.id, s]));
    plans.set(lot.lotId, {
      ...lot,
      tenderId,
      leadBodyId: head.leadBodyId,
      invoice: lot.goods.invoice,
      bodies: figures.map((b) => ({
        ...b,
        lines: extra.get(b.bodyId)!.lines,
        yearCents: withYears ? extra.get(b.bodyId)!.yearCents : [],
      })),
      shared,
      sharedCosts,
      costRows: head.costRows,
      years: withYears ? licence.table.years : [],
    });
  }
  return plans;
}
