// The cost split of a published tender's lots, read from the frozen snapshot (tender_lines) and
// a bid's prices. Before the award, the input of the pure engine (splitLotCosts) for the savings
// preview of any bid; at the award, the split at scale (decision 007) computed once and stored
// (storeLotSplits, decision 010); after it, the stored split as every page and file reads it
// (readLotSplits, lotSplitLines, lotCsvRows).
//
// No access check here: the callers (the lead's evaluation page, the treasurers' downloads)
// decide who may see which part of the result.
import { and, asc, eq, inArray, type SQL, sql, type SQLWrapper } from "drizzle-orm";

import { type Database, type Executor, getDb, queryRows, type Transaction } from "#db/client";
import { streamRows } from "#db/stream-rows";
import {
  awards,
  bidPrices,
  bids,
  bodies,
  lotSplits,
  lots,
  sharedCosts,
  splitBodies,
  splitShares,
  tenderLines,
  tenders,
} from "#db/schema";
import { exactCost } from "~/domain/bands";
import { spreadOverBudgetYears } from "~/domain/budget-years";
import { parseIsoDate } from "~/domain/calendar-date";
import {
  type LotSplit,
  type LotSplitBody,
  type LotSplitInput,
  type LotSplitShare,
  splitFigures,
  type SplitFigures,
  splitLotCosts,
} from "~/domain/cost-split";
import {
  type BodySums,
  budgetYearTable,
  finishLotSplit,
  type GoodsPlan,
  pickTieWinners,
  planGoods,
  settleBoundary,
  type Threshold,
} from "~/domain/cost-split-groups";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { roundHalfUp } from "~/domain/rational";
import { type SharedCostKind, type SharedCostPayers } from "~/domain/vocabulary";

import { listTenderLots, lotLabel } from "~/modules/bids/index.server";
import { sharedCostSelection } from "~/modules/tender/index.server";

/**
 * The admin fee as a percentage: `percentBp` of the lot's exact net at the bid's prices (the sum
 * of the exact item costs at the bundled quantities), rounded half up to cents once.
 */
export function percentOfNet(exactNetTenThousandths: bigint, percentBp: number): number {
  return Number(roundHalfUp(exactNetTenThousandths * BigInt(percentBp), 10_000n * 100n));
}

/** A Postgres array literal for one text parameter: `{a,b,c}` (uuids and integers only). */
const arrayParam = (values: Iterable<string | number | bigint>) => `{${[...values].join(",")}}`;

type CostRow = {
  id: string;
  kind: SharedCostKind;
  label: string;
  amountCents: number | null;
  percentBp: number | null;
  vatRateBp: number;
  key: LotSplitInput["sharedCosts"][number]["key"];
  payers: SharedCostPayers;
};

type LotHead = {
  lotId: string;
  pricing: LotSplitInput["pricing"];
  leadBodyId: string;
  what: string;
  items: LotSplitInput["items"];
  costRows: CostRow[];
};

/** A lot and the bid to split it at (default: the awarded bid). */
export type LotRequest = { lotId: string; bidId?: string };

/**
 * Pricing, the items with the bid's bands and the shared costs of lots of a published tender;
 * no lines. Five queries however many lots. A lot without the bid (or award) is left out.
 */
async function loadLotHeads(
  db: Executor,
  tenderId: string,
  requests: LotRequest[],
): Promise<Map<string, LotHead>> {
  const result = new Map<string, LotHead>();
  const wanted = requests.filter(
    (r) => isUuid(r.lotId) && (r.bidId === undefined || isUuid(r.bidId)),
  );
  if (!isUuid(tenderId) || wanted.length === 0) return result;
  const lotIds = arrayParam(wanted.map((r) => r.lotId));
  const heads = await db
    .select({
      lotId: lots.id,
      pricing: tenders.pricing,
      leadBodyId: tenders.leadBodyId,
      lotNumber: lots.number,
      lotTitle: lots.title,
      awardedBidId: awards.bidId,
    })
    .from(lots)
    .innerJoin(tenders, eq(tenders.id, lots.tenderId))
    .leftJoin(awards, eq(awards.lotId, lots.id))
    .where(
      and(
        sql`${lots.id} = any(${lotIds}::uuid[])`,
        eq(tenders.id, tenderId),
        eq(tenders.status, "published"),
      ),
    );
  const chosen = new Map<string, string>();
  for (const h of heads) {
    const bid = wanted.find((r) => r.lotId === h.lotId)?.bidId ?? h.awardedBidId;
    if (bid) chosen.set(h.lotId, bid);
  }
  if (chosen.size === 0) return result;
  const [bidRows, structure, priceRows, costRows] = await Promise.all([
    db
      .select({ id: bids.id, lotId: bids.lotId })
      .from(bids)
      .where(
        and(
          sql`${bids.id} = any(${arrayParam(chosen.values())}::uuid[])`,
          eq(bids.tenderId, tenderId),
        ),
      ),
    listTenderLots({ tenderId }, db),
    db
      .select({
        bidId: bidPrices.bidId,
        itemId: bidPrices.itemId,
        bandIndex: bidPrices.bandIndex,
        unitPrice: bidPrices.unitPrice,
      })
      .from(bidPrices)
      .where(sql`${bidPrices.bidId} = any(${arrayParam(chosen.values())}::uuid[])`),
    db
      .select(sharedCostSelection)
      .from(sharedCosts)
      .where(
        and(sql`${sharedCosts.lotId} = any(${lotIds}::uuid[])`, eq(sharedCosts.tenderId, tenderId)),
      )
      .orderBy(asc(sharedCosts.id)),
  ]);
  for (const h of heads) {
    const bidId = chosen.get(h.lotId);
    // the bid must be one of this lot's
    if (!bidId || !bidRows.some((b) => b.id === bidId && b.lotId === h.lotId)) continue;
    const what = lotLabel({ number: h.lotNumber, title: h.lotTitle });
    const lot = structure.find((s) => s.id === h.lotId);
    if (!lot) throw new DomainError(`${what} enthält keine Artikel.`);
    const prices = new Map<string, number[]>();
    for (const p of priceRows) {
      if (p.bidId !== bidId) continue;
      const list = prices.get(p.itemId) ?? [];
      list[p.bandIndex] = p.unitPrice;
      prices.set(p.itemId, list);
    }
    const items = lot.items.map((item) => {
      const unitPrices = prices.get(item.itemId) ?? [];
      return {
        id: item.itemId,
        vatRateBp: item.vatRateBp,
        bands: item.bandMinQty.map((minQty, i) => {
          const unitPrice = unitPrices[i];
          if (unitPrice === undefined) {
            throw new DomainError(
              `${what}: Das Angebot hat keinen Preis für „${item.name}“, Staffel ${i + 1}.`,
            );
          }
          return { minQty, unitPrice };
        }),
      };
    });
    result.set(h.lotId, {
      lotId: h.lotId,
      pricing: h.pricing,
      leadBodyId: h.leadBodyId,
      what,
      items,
      costRows: costRows.filter((c) => c.lotId === h.lotId),
    });
  }
  return result;
}

/** One lot's head (see loadLotHeads). */
async function loadLotHead({
  tenderId,
  lotId,
  bidId,
}: {
  tenderId: string;
  lotId: string;
  bidId?: string;
}): Promise<LotHead | undefined> {
  return (await loadLotHeads(await getDb(), tenderId, [{ lotId, bidId }])).get(lotId);
}

/** The shared costs as the split takes them; a percentage fee of the lot's exact net. */
function sharedCostInputs(head: LotHead, exactNet: bigint): LotSplitInput["sharedCosts"] {
  return head.costRows.map((c) => ({
    id: c.id,
    amountCents:
      c.kind === "admin-percent" ? percentOfNet(exactNet, c.percentBp ?? 0) : (c.amountCents ?? 0),
    vatRateBp: c.vatRateBp,
    key: c.key,
    payers: c.payers,
  }));
}

/**
 * The whole lot as input of the pure engine `splitLotCosts`: every frozen line in memory. The
 * reference the split at scale (planLotSplit) is tested against; for national lots use that.
 */
export async function lotSplitInput(args: {
  tenderId: string;
  lotId: string;
  bidId?: string;
}): Promise<LotSplitInput | undefined> {
  const head = await loadLotHead(args);
  if (!head) return undefined;
  const { tenderId, lotId } = args;
  const db = await getDb();
  const [lineRows, bodyRows] = await Promise.all([
    // The one query for the lines: the frozen snapshot, nothing from the live rounds.
    db
      .select({
        id: tenderLines.id,
        bodyId: tenderLines.bodyId,
        itemId: tenderLines.itemId,
        costCentre: tenderLines.costCentre,
        quantity: tenderLines.quantity,
      })
      .from(tenderLines)
      .where(and(eq(tenderLines.lotId, lotId), eq(tenderLines.tenderId, tenderId)))
      .orderBy(asc(tenderLines.id)),
    db
      .select({ id: bodies.id, population: bodies.population })
      .from(bodies)
      .where(inArray(bodies.id, bodiesOfLot(db, tenderId, lotId))),
  ]);

  const lines = lineRows.map((l) => ({
    bodyId: l.bodyId,
    itemId: l.itemId,
    costCentre: l.costCentre,
    quantity: l.quantity,
    ref: String(l.id),
  }));

  // The lot's exact net at this bid, for percentage fees: the bundled quantity per item as the
  // split itself sums it from the lines.
  const bundled = new Map<string, bigint>();
  for (const l of lines) bundled.set(l.itemId, (bundled.get(l.itemId) ?? 0n) + BigInt(l.quantity));
  let exactNet = 0n;
  for (const item of head.items)
    exactNet += exactCost(item.bands, bundled.get(item.id) ?? 0n, head.pricing);

  return {
    pricing: head.pricing,
    bodies: bodyRows.map((b) => ({
      id: b.id,
      population: b.population,
      isLead: b.id === head.leadBodyId,
    })),
    items: head.items,
    lines,
    sharedCosts: sharedCostInputs(head, exactNet),
  };
}

/** The ids of the bodies with lines in a lot's snapshot, as a subquery. */
function bodiesOfLot(db: Database, tenderId: string, lotId: string) {
  return db
    .selectDistinct({ id: tenderLines.bodyId })
    .from(tenderLines)
    .where(and(eq(tenderLines.lotId, lotId), eq(tenderLines.tenderId, tenderId)));
}

/** The split of a lot at a bid's prices (default: the awarded bid); undefined without one. */
export async function lotSplit(args: {
  tenderId: string;
  lotId: string;
  bidId?: string;
}): Promise<LotSplit | undefined> {
  const input = await lotSplitInput(args);
  return input ? splitLotCosts(input) : undefined;
}

/** Names of the bodies in a lot's snapshot, for display. */
export async function listLotBodies({ tenderId, lotId }: { tenderId: string; lotId: string }) {
  if (!isUuid(tenderId) || !isUuid(lotId)) return [];
  const db = await getDb();
  return db
    .select({ id: bodies.id, name: bodies.name, ags: bodies.ags, population: bodies.population })
    .from(bodies)
    .where(inArray(bodies.id, bodiesOfLot(db, tenderId, lotId)))
    .orderBy(sql`lower(${bodies.name})`, asc(bodies.id));
}

// ─── The split at scale (decision 007) ───────────────────────────────────────────────────────

/** Per body of a lot: its figures, how many lines it has, and its licence cents per budget year. */
export type PlannedBody = LotSplitBody & { lines: number; yearCents: number[] };

/** A lot's split as computed, before it is stored (storeLotSplits). */
type LotSplitPlan = {
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

type LicenceYears = { table: ReturnType<typeof budgetYearTable>; termMonths: number };
type Component = "net" | "vat";
/** What the SQL of several lots needs of each: its quotas, thresholds and winners. */
type LotQuotas = Pick<LotSplitPlan, "lotId" | "goods" | "thresholds" | "tieWinners">;

/**
 * The split's statements are analytic: one pass over up to a million lines with large hash
 * tables. Right after publication the planner's statistics of tender_lines can still say
 * "empty" (autovacuum has not analysed them yet); it then picks nested loops and merge joins
 * that rescan a small side millions of times (measured: 9 s instead of 0.5 s at 300,000 lines).
 * Hash joins are right for every size here, and a national lot's million (body, item) pairs
 * want more than the default 4 MB to stay in memory.
 */
const ANALYTIC: Record<string, string> = {
  work_mem: "256MB",
  enable_nestloop: "off",
  enable_mergejoin: "off",
  enable_sort: "off",
  // The disabled plan kinds add their penalty cost to every plan that still needs one, and a
  // cost that high makes PostgreSQL JIT-compile the statement: 1–2 s of LLVM per statement on
  // a tiny lot (the property tests timed out on PostgreSQL). Nothing here profits from JIT.
  jit: "off",
};

/** bigint where every lot fits (GoodsPlan.fitsInt8), else numeric. */
const quotaType = (lots: readonly Pick<LotQuotas, "goods">[]) =>
  sql.raw(lots.every((l) => l.goods.fitsInt8) ? "int8" : "numeric");

/** The lots' items with their integers (ItemQuota) as the table `iq`. */
function quotaItems(lots: readonly Pick<LotQuotas, "lotId" | "goods">[]): SQL {
  const items = lots.flatMap((l) =>
    [...l.goods.items].map(([i, q]) => ({
      l: l.lotId,
      i,
      r: q.vatRateBp,
      fn: String(q.netFactor),
      fv: String(q.vatFactor),
      d: String(q.denominator),
      ks: String(q.keyScale),
      kd: String(q.keyDivisor),
    })),
  );
  const type = quotaType(lots);
  return sql`iq as materialized (select * from jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
                      as iq(l uuid, i uuid, r int, fn ${type}, fv ${type}, d ${type}, ks ${type}, kd ${type}))`;
}

/**
 * A quantity's whole cents and remainder key per component, with the item's integers of `iq`:
 * exact integer arithmetic (bigint `/` and `%` are div and mod for non-negative numbers;
 * numeric needs div() and mod()).
 */
function quotaOf(lots: readonly Pick<LotQuotas, "goods">[], quantity: SQL) {
  const int8 = lots.every((l) => l.goods.fitsInt8);
  const part = (factor: SQL) =>
    int8
      ? {
          whole: sql`(${factor} * ${quantity}) / iq.d`,
          key: sql`((${factor} * ${quantity}) % iq.d) * iq.ks / iq.kd`,
        }
      : {
          whole: sql`div(${factor} * ${quantity}, iq.d)`,
          key: sql`div(mod(${factor} * ${quantity}, iq.d) * iq.ks, iq.kd)`,
        };
  return { net: part(sql`iq.fn`), vat: part(sql`iq.fv`) };
}

/**
 * Per line group (lot, item, quantity) of the lots (`gq`): its whole cents and remainder key per
 * component; then (`g`, once per group, not per line) its cents given the thresholds `th` (per
 * lot and rate: from which key a remainder gets a cent, and whether the boundary class gets it
 * whole) – without a tie cent – and whether the group is part of a tie.
 */
function groupCtes(lots: readonly Pick<LotQuotas, "lotId" | "goods">[]): { gq: SQL; g: SQL } {
  const q = quotaOf(lots, sql`grp.quantity`);
  const lotList = arrayParam(lots.map((l) => l.lotId));
  return {
    gq: sql`gq as (select grp.lot_id, grp.item_id, grp.quantity, grp.n, iq.r,
                          ${q.net.whole} as net0, ${q.net.key} as kn,
                          ${q.vat.whole} as vat0, ${q.vat.key} as kv
                     from (select lot_id, item_id, quantity, count(*) as n from tender_lines
                            where lot_id = any(${lotList}::uuid[])
                            group by lot_id, item_id, quantity) grp
                     join iq on iq.l = grp.lot_id and iq.i = grp.item_id)`,
    g: sql`g as materialized (
             select gq.lot_id, gq.item_id, gq.quantity, gq.r,
                    (gq.net0 + (th.kn is not null and (gq.kn > th.kn or (gq.kn = th.kn and th.an)))::int)::int8 as net,
                    (gq.vat0 + (th.kv is not null and (gq.kv > th.kv or (gq.kv = th.kv and th.av)))::int)::int8 as vat,
                    coalesce(gq.kn = th.kn and not th.an, false) as tie_n,
                    coalesce(gq.kv = th.kv and not th.av, false) as tie_v
               from gq left join th on th.l = gq.lot_id and th.r = gq.r)`,
  };
}

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
async function planSplits(
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
  const licence: LicenceYears | undefined = yearsFor
    ? {
        table: budgetYearTable(yearsFor.spread, yearsFor.termMonths),
        termMonths: yearsFor.termMonths,
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
    if (licence) {
      const before = yearsOf(t.netCents + t.vatCents);
      const after = yearsOf(t.netCents + t.vatCents + plus.net + plus.vat);
      body.yearCents = body.yearCents.map((c, j) => c + after[j]! - before[j]!);
    }
  }

  for (const lot of lots) {
    const head = heads.get(lot.lotId)!;
    const withYears = licence !== undefined && yearsFor!.lotIds.includes(lot.lotId);
    const own = [...(sums.get(lot.lotId)?.values() ?? [])];
    const sharedCosts = sharedCostInputs(head, lot.goods.exactNet);
    const { bodies: figures, shared } = finishLotSplit({
      bodies: own.map((s) => s.sums),
      sharedCosts,
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
  for (const plan of plans.values()) await storePlan(tx, plan, now);
}

async function storePlan(tx: Transaction, plan: LotSplitPlan, now: Date): Promise<void> {
  const { lotId } = plan;
  // (its groups' cents were stored by the split statement itself)
  await tx.insert(lotSplits).values({
    lotId,
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
  });
  const winners = [...new Set([...plan.tieWinners.net, ...plan.tieWinners.vat])].map((ref) => ({
    line: ref,
    n: plan.tieWinners.net.has(ref) ? 1 : 0,
    v: plan.tieWinners.vat.has(ref) ? 1 : 0,
  }));
  if (winners.length > 0) {
    await tx.execute(
      sql`insert into split_tie_cents (lot_id, line_id, net_cents, vat_cents)
          select ${lotId}::uuid, x.line, x.n, x.v
            from jsonb_to_recordset(${JSON.stringify(winners)}::jsonb) as x(line int8, n int, v int)`,
    );
  }
  // Bodies and shares as one JSON array each: a national lot has 10,000 bodies.
  const bodyRows = plan.bodies.map((b) => ({ ...b, yearCents: `{${b.yearCents.join(",")}}` }));
  await tx.execute(
    sql`insert into split_bodies (lot_id, body_id, goods_net_cents, goods_vat_cents,
                                  shared_net_cents, shared_vat_cents, gross_cents, alone_net_cents,
                                  gross_savings_cents, net_savings_cents, lines, year_cents)
        select ${lotId}::uuid, x."bodyId", x."goodsNetCents", x."goodsVatCents", x."sharedNetCents",
               x."sharedVatCents", x."grossCents", x."aloneNetCents", x."grossSavingsCents",
               x."netSavingsCents", x.lines, x."yearCents"::int8[]
          from jsonb_to_recordset(${JSON.stringify(bodyRows)}::jsonb)
            as x("bodyId" uuid, "goodsNetCents" int8, "goodsVatCents" int8, "sharedNetCents" int8,
                 "sharedVatCents" int8, "grossCents" int8, "aloneNetCents" int8,
                 "grossSavingsCents" int8, "netSavingsCents" int8, lines int, "yearCents" text)`,
  );
  if (plan.shared.length > 0) {
    await tx.execute(
      sql`insert into split_shares (lot_id, cost_id, body_id, net_cents, vat_cents, gross_cents)
          select ${lotId}::uuid, x."costId", x."bodyId", x."netCents", x."vatCents", x."grossCents"
            from jsonb_to_recordset(${JSON.stringify(plan.shared)}::jsonb)
              as x("costId" uuid, "bodyId" uuid, "netCents" int8, "vatCents" int8, "grossCents" int8)`,
    );
  }
  // Every line from the stored rows, once: it must have its group, and the lines must add up
  // to the invoice and to the bodies' sums.
  const [check] = await queryRows<{ lines: string; grouped: string; net: string; vat: string }>(
    tx,
    sql`select count(*)::text as lines, count(g.lot_id)::text as grouped,
               coalesce(sum(${lineNet}), 0)::text as net, coalesce(sum(${lineVat}), 0)::text as vat
          from tender_lines l
          left join split_groups g on g.lot_id = l.lot_id and g.item_id = l.item_id and g.quantity = l.quantity
          left join split_tie_cents t on t.lot_id = l.lot_id and t.line_id = l.id
         where l.lot_id = ${lotId}`,
  );
  const sum = (values: Record<number, number>) => Object.values(values).reduce((a, b) => a + b, 0);
  const expected = {
    lines: plan.bodies.reduce((a, b) => a + b.lines, 0),
    net: sum(plan.invoice.netCentsByRate),
    vat: sum(plan.invoice.vatCentsByRate),
  };
  if (
    Number(check!.lines) !== expected.lines ||
    Number(check!.grouped) !== expected.lines ||
    Number(check!.net) !== expected.net ||
    Number(check!.vat) !== expected.vat ||
    plan.bodies.reduce((a, b) => a + b.goodsNetCents, 0) !== expected.net ||
    plan.bodies.reduce((a, b) => a + b.goodsVatCents, 0) !== expected.vat
  ) {
    throw new Error(
      `storeLotSplits: lot ${lotId} does not reconcile (lines ${check!.lines}/${check!.grouped} of ${expected.lines}, net ${check!.net} of ${expected.net}, VAT ${check!.vat} of ${expected.vat})`,
    );
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

type Boundary = {
  l: string;
  r: number;
  c: Component;
  left_over: string;
  k: string | null;
  lines: string | null;
  above: string | null;
};
/** A line of a tie class, its cents without the tie cent, and which components it ties in. */
type TieLine = Parameters<typeof pickTieWinners>[0][number] & {
  lot: string;
  r: number;
  netCents: number;
  vatCents: number;
  tie: Record<Component, boolean>;
};
type BodyTotals = { sums: BodySums; lines: number; yearCents: number[] };

/**
 * The one statement of planSplits. Per lot and rate: the cents left after every line's whole
 * cents, and the class of equal remainder keys that takes the last of them (`k` rows); the
 * thresholds follow in SQL (a class that takes all its cents counts as above them), and with
 * them every group's cents without a tie cent, inserted into split_groups. Per body:
 * Σ of its lines' quantities, cents (a tie line without its tie cent), value weights, the cost
 * of its own quantities alone (summed per item first, priced by the bid's bands with
 * `width_bucket`), the licence years and its lines of a tie class (`b` rows).
 */
async function splitStatement(
  tx: Transaction,
  {
    lots,
    heads,
    licence,
  }: {
    lots: LotQuotas[];
    heads: Map<string, LotHead>;
    licence: LicenceYears | undefined;
  },
): Promise<{
  sums: Map<string, Map<string, BodyTotals>>;
  boundaries: Boundary[];
  tieLines: TieLine[];
}> {
  const rates = lots.flatMap((l) =>
    l.goods.rates.map((r) => ({
      l: l.lotId,
      r: r.vatRateBp,
      net: String(r.net),
      vat: String(r.vat),
    })),
  );
  const items = lots.flatMap((lot) => {
    const { goods } = lot;
    return heads.get(lot.lotId)!.items.map((it) => {
      // cost of the units below each band's start, so that cost(q) = cum + (q − start) × price
      let cum = 0n;
      const cums = it.bands.map((b, k) => {
        if (k > 0) {
          const prev = it.bands[k - 1]!;
          cum += BigInt(b.minQty - prev.minQty) * BigInt(prev.unitPrice);
        }
        return String(cum);
      });
      return {
        l: lot.lotId,
        i: it.id,
        u: goods.pricing === "all-units",
        f: String(goods.items.get(it.id)!.valueFactor),
        lo: it.bands.map((b) => b.minQty),
        p: it.bands.map((b) => b.unitPrice),
        cum: cums,
      };
    });
  });
  // A body's quantity of an item is at most the item's bundled quantity: where that times the
  // largest price, value factor and cost stays below 2^63, bigint does (numeric is slower).
  const INT8 = 2n ** 63n;
  const small = lots.every((lot) =>
    heads.get(lot.lotId)!.items.every((it) => {
      const f = lot.goods.items.get(it.id)!;
      const top = it.bands.reduce(
        (m, b) => (BigInt(b.unitPrice) > m ? BigInt(b.unitPrice) : m),
        0n,
      );
      return (
        f.bundledQuantity * (top > f.valueFactor ? top : f.valueFactor) < INT8 &&
        f.costAtBundle + f.bundledQuantity * top < INT8
      );
    }),
  );
  const money = sql.raw(small ? "int8" : "numeric");
  const band = sql`width_bucket(bi.q, it.lo)`;
  const alone = sql`case when it.u then bi.q * it.p[${band}]
                         else it.cum[${band}] + (bi.q - it.lo[${band}]) * it.p[${band}] end`;
  // Licence years: per line, gross div M whole terms, plus the table's split of gross mod M.
  const m = licence?.termMonths ?? 1;
  const yearIdx = Array.from({ length: licence?.table.years.length ?? 0 }, (_, j) => j);
  const lineYears = sql.join(
    yearIdx.map(
      (j) =>
        sql`, sum((${arrayParam(licence!.table.rest.map((r) => r[j]!))}::int8[])[(lx.net + lx.vat) % ${m} + 1]) as y${sql.raw(String(j))}`,
    ),
  );
  const bodyYears = sql.raw(
    (licence ? ", sum(bi.yw) as yw" : "") + yearIdx.map((j) => `, sum(bi.y${j}) as y${j}`).join(""),
  );
  const yearsOut = sql.raw(
    licence
      ? `, jsonb_build_array(bs.yw${yearIdx.map((j) => `, bs.y${j}`).join("")})::text`
      : ", null",
  );
  const lotList = arrayParam(lots.map((l) => l.lotId));
  const groups = groupCtes(lots);
  type Row = {
    kind: "b" | "k";
    lot: string;
    body: string | null;
    q: string | null;
    net: string | null;
    vat: string | null;
    lines: number | null;
    val: string | null;
    alone: string | null;
    years: string | null;
    population: number | null;
    x: string | null;
  };
  // The settings hold until the transaction ends (set_config … is_local).
  await tx.execute(
    sql`select ${sql.join(
      Object.entries(ANALYTIC).map(([name, value]) => sql`set_config(${name}, ${value}, true)`),
      sql`, `,
    )}`,
  );
  const rows = await queryRows<Row>(
    tx,
    sql`with ${quotaItems(lots)}, ${groups.gq},
             lo as (select rt.l, rt.r, rt.net - coalesce(sum(gq.net0 * gq.n), 0) as ln,
                           rt.vat - coalesce(sum(gq.vat0 * gq.n), 0) as lv
                      from jsonb_to_recordset(${JSON.stringify(rates)}::jsonb)
                        as rt(l uuid, r int, net numeric, vat numeric)
                      left join gq on gq.lot_id = rt.l and gq.r = rt.r
                     group by rt.l, rt.r, rt.net, rt.vat),
             cls as (select 'net' as c, lot_id as l, r, kn as k, sum(n) as lines from gq where kn > 0
                      group by lot_id, r, kn
                     union all
                     select 'vat', lot_id, r, kv, sum(n) from gq where kv > 0 group by lot_id, r, kv),
             acc as (select c, l, r, k, lines,
                            sum(lines) over (partition by c, l, r order by k desc) as cum
                       from cls),
             lo2 as (select l, r, 'net' as c, ln as left_over from lo
                     union all
                     select l, r, 'vat', lv from lo),
             bd as (select lo2.l, lo2.r, lo2.c, lo2.left_over, acc.k, acc.lines,
                           acc.cum - acc.lines as above
                      from lo2
                      left join acc on acc.l = lo2.l and acc.r = lo2.r and acc.c = lo2.c
                                   and acc.cum >= lo2.left_over and acc.cum - acc.lines < lo2.left_over),
             th as materialized (
               select l, r,
                      max(k) filter (where c = 'net') as kn,
                      coalesce(bool_or(left_over - above = lines) filter (where c = 'net'), false) as an,
                      max(k) filter (where c = 'vat') as kv,
                      coalesce(bool_or(left_over - above = lines) filter (where c = 'vat'), false) as av
                 from bd group by l, r),
             ${groups.g},
             -- every group's cents as the lines get them (a tie cent comes on top): stored
             stored as (insert into split_groups (lot_id, item_id, quantity, net_cents, vat_cents)
                        select lot_id, item_id, quantity, net, vat from g),
             it as materialized (
               select x.l, x.i, x.u, x.f::${money} as f,
                      array(select jsonb_array_elements_text(x.lo)::int8) as lo,
                      array(select jsonb_array_elements_text(x.p)::${money}) as p,
                      array(select jsonb_array_elements_text(x.cum)::${money}) as cum
                 from jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
                   as x(l uuid, i uuid, u boolean, f text, lo jsonb, p jsonb, cum jsonb)),
             lx as (select l.lot_id, l.body_id, l.item_id, l.quantity, l.id, l.cost_centre, g.r,
                           g.net, g.vat, g.tie_n, g.tie_v
                      from tender_lines l
                      join g on g.lot_id = l.lot_id and g.item_id = l.item_id and g.quantity = l.quantity
                     where l.lot_id = any(${lotList}::uuid[])),
             bi as (select lx.lot_id, lx.body_id, lx.item_id, sum(lx.quantity) as q,
                           sum(lx.net) as net, sum(lx.vat) as vat, count(*) as lines,
                           jsonb_agg(jsonb_build_array(lx.id::text, lx.item_id::text, lx.cost_centre,
                                                       lx.quantity, lx.r, lx.net, lx.vat, lx.tie_n, lx.tie_v))
                             filter (where lx.tie_n or lx.tie_v) as ties
                           ${licence ? sql`, sum((lx.net + lx.vat) / ${m}) as yw` : sql``} ${lineYears}
                      from lx group by lx.lot_id, lx.body_id, lx.item_id),
             bs as (select bi.lot_id, bi.body_id, sum(bi.q) as q, sum(bi.net) as net,
                           sum(bi.vat) as vat, sum(bi.lines) as lines, sum(bi.q * it.f) as val,
                           sum(${alone}) as alone, jsonb_agg(bi.ties) filter (where bi.ties is not null) as ties
                           ${bodyYears}
                      from bi join it on it.l = bi.lot_id and it.i = bi.item_id
                     group by bi.lot_id, bi.body_id)
        select 'b' as kind, bs.lot_id::text as lot, bs.body_id::text as body, bs.q::text as q,
               bs.net::text as net, bs.vat::text as vat, bs.lines::int as lines, bs.val::text as val,
               bs.alone::text as alone ${yearsOut} as years, b.population, bs.ties::text as x
          from bs join bodies b on b.id = bs.body_id
        union all
        select 'k', bd.l::text, null, null, null, null, null, null, null, null, null,
               jsonb_build_object('r', bd.r, 'c', bd.c, 'left_over', bd.left_over::text,
                                  'k', bd.k::text, 'lines', bd.lines::text, 'above', bd.above::text)::text
          from bd`,
  );
  const sums = new Map<string, Map<string, BodyTotals>>();
  const boundaries: Boundary[] = [];
  const tieLines: TieLine[] = [];
  for (const r of rows) {
    if (r.kind === "k") {
      const x = JSON.parse(r.x!) as Omit<Boundary, "l">;
      boundaries.push({ ...x, l: r.lot });
    } else {
      const head = heads.get(r.lot)!;
      // the body's lines of a tie class, per item: [ref, item, cost centre, quantity, rate, …]
      type Tie = [string, string, string, number, number, number, number, boolean, boolean];
      for (const perItem of r.x ? (JSON.parse(r.x) as Tie[][]) : []) {
        for (const [ref, itemId, costCentre, quantity, rate, net, vat, tieNet, tieVat] of perItem) {
          tieLines.push({
            lot: r.lot,
            ref,
            bodyId: r.body!,
            itemId,
            costCentre,
            quantity,
            r: rate,
            netCents: Number(net),
            vatCents: Number(vat),
            tie: { net: tieNet, vat: tieVat },
          });
        }
      }
      const years = r.years
        ? (JSON.parse(r.years) as (number | string)[]).map((v) => BigInt(v))
        : [];
      const whole = years[0] ?? 0n;
      const perLot = sums.get(r.lot) ?? new Map<string, BodyTotals>();
      perLot.set(r.body!, {
        sums: {
          id: r.body!,
          population: Number(r.population),
          isLead: r.body === head.leadBodyId,
          totalQuantity: BigInt(r.q!),
          goodsNetCents: BigInt(r.net!),
          goodsVatCents: BigInt(r.vat!),
          goodsValueScaled: BigInt(r.val!),
          aloneExact: BigInt(r.alone!),
        },
        lines: Number(r.lines),
        yearCents: yearIdx.map((j) =>
          Number(whole * BigInt(licence!.table.months[j]!) + years[j + 1]!),
        ),
      });
      sums.set(r.lot, perLot);
    }
  }
  return { sums, boundaries, tieLines };
}

/** A line of the split with its cents and what the exports show of it. */
export type PlannedLine = {
  ref: string;
  bodyId: string;
  itemId: string;
  quantity: number;
  costCentre: string;
  product: string;
  ledgerAccount: string;
  deliveryAddress: string;
  netCents: number;
  vatCents: number;
};

/** The engine's line order (body, item, cost centre, ref as text); `l` is the lot's lines. */
const lineOrder = sql`l.body_id, l.item_id, l.cost_centre collate "C", l.id::text collate "C"`;

/** The joins that give a line `l` its stored cents: its group's (`g`) and a tie cent (`t`). */
const lineJoins = sql`join split_groups g on g.lot_id = l.lot_id and g.item_id = l.item_id and g.quantity = l.quantity
                      left join split_tie_cents t on t.lot_id = l.lot_id and t.line_id = l.id`;
const lineNet = sql`(g.net_cents + coalesce(t.net_cents, 0))`;
const lineVat = sql`(g.vat_cents + coalesce(t.vat_cents, 0))`;

/**
 * An awarded lot's lines with their stored cents, in the engine's order, batch by batch from one
 * query (streamRows: a cursor on PostgreSQL). `bodyId` narrows it to one body.
 */
export async function* lotSplitLines({
  lotId,
  bodyId,
  batch = 5_000,
}: {
  lotId: string;
  bodyId?: string;
  batch?: number;
}): AsyncGenerator<PlannedLine[]> {
  const rows = streamRows<{
    ref: string;
    body_id: string;
    item_id: string;
    quantity: number;
    cost_centre: string;
    product: string;
    ledger_account: string;
    delivery_address: string;
    net: string;
    vat: string;
  }>(
    sql`select l.id::text as ref, l.body_id::text as body_id, l.item_id::text as item_id,
               l.quantity, l.cost_centre, l.product, l.ledger_account, l.delivery_address,
               ${lineNet}::text as net, ${lineVat}::text as vat
          from tender_lines l
          ${lineJoins}
         where l.lot_id = ${lotId} ${bodyId === undefined ? sql`` : sql`and l.body_id = ${bodyId}`}
         order by ${lineOrder}`,
    batch,
  );
  for await (const chunk of rows) {
    yield chunk.map((r) => ({
      ref: r.ref,
      bodyId: r.body_id,
      itemId: r.item_id,
      quantity: Number(r.quantity),
      costCentre: r.cost_centre,
      product: r.product,
      ledgerAccount: r.ledger_account,
      deliveryAddress: r.delivery_address,
      netCents: Number(r.net),
      vatCents: Number(r.vat),
    }));
  }
}

/**
 * User text as the CSV writer writes it: formula guard, then quoted when needed. PostgreSQL does
 * not share repeated subexpressions, so the statement computes a guard once (in its lateral `x`)
 * and quotes that plain reference.
 */
const csvGuard = (column: SQL) =>
  sql`(case when left(${column}, 1) in ('=', '+', '-', '@', chr(9), chr(13), '''')
            then '''' || ${column} else ${column} end)`;
const csvQuote = (value: SQL) =>
  sql`(case when strpos(${value}, '"') > 0 or strpos(${value}, ';') > 0
              or strpos(${value}, chr(13)) > 0 or strpos(${value}, chr(10)) > 0
            then '"' || replace(${value}, '"', '""') || '"' else ${value} end)`;

/** Cents as "1234,56" (decimal comma, no thousands separator), as csvCents writes them. */
const csvCentsSql = (cents: SQL) =>
  sql`(case when ${cents} < 0 then '-' else '' end || (abs(${cents}) / 100)::text || ','
       || lpad((abs(${cents}) % 100)::text, 2, '0'))`;

/** The rows' `line` column, CRLF after each, one string per batch, with its number of rows. */
async function* crlfRows(statement: SQL): AsyncGenerator<{ text: string; rows: number }> {
  for await (const rows of streamRows<{ line: string }>(statement, 5_000)) {
    let text = "";
    for (const r of rows) text += `${r.line}\r\n`;
    yield { text, rows: rows.length };
  }
}

/**
 * An awarded lot's lines as CSV rows, formatted by PostgreSQL and streamed in batches (decision 007):
 * the columns of CSV_COLUMNS from the body's name to the budget year, `;`, CRLF. The same cents
 * as lotSplitLines, the same order. `items` holds per item the fields between "Los" and
 * "Stückpreis" and the VAT rate, already as CSV text; the body's name and the line's cost
 * centre, product and ledger account are guarded and quoted here.
 */
export function lotCsvRows(
  lotId: string,
  {
    bodyId,
    items,
    yearText,
  }: {
    bodyId?: string;
    /** per item id: `Los n;Ware;item;cpv` (a), `unit;unit price` (b), the VAT rate (rate) */
    items: Map<string, { a: string; b: string; rate: string }>;
    yearText: string;
  },
): AsyncGenerator<{ text: string; rows: number }> {
  const itemRows = JSON.stringify([...items].map(([i, t]) => ({ i, ...t })));
  const lot = sql`${lotId}::uuid`;
  const oneBody = bodyId === undefined ? sql`` : sql`and body_id = ${bodyId}`;
  // A body's name and AGS once per body (the stored split's bodies of the lot), a line's
  // guarded text and cents once per line (`offset 0` keeps the lateral from being inlined).
  return crlfRows(
    sql`with it as (select * from jsonb_to_recordset(${itemRows}::jsonb)
                      as it(i uuid, a text, b text, rate text)),
             bn as (select b.id, ${csvGuard(sql`b.name`)} as n,
                           ${csvGuard(sql`coalesce(b.ags, '')`)} as a
                      from bodies b
                     where b.id in (select body_id from split_bodies where lot_id = ${lot} ${oneBody})),
             bq as materialized (select id, ${csvQuote(sql`n`)} || ';' || ${csvQuote(sql`a`)} as t
                                   from bn)
        select concat_ws(';', bq.t, it.a, l.quantity::text, it.b, ${csvCentsSql(sql`x.net`)},
                         it.rate, ${csvCentsSql(sql`x.vat`)}, ${csvCentsSql(sql`x.gross`)},
                         ${csvQuote(sql`x.cc`)}, ${csvQuote(sql`x.pr`)}, ${csvQuote(sql`x.la`)},
                         ${yearText}::text) as line
          from tender_lines l
          join it on it.i = l.item_id
          ${lineJoins}
          join bq on bq.id = l.body_id
          cross join lateral (
            select ${lineNet} as net, ${lineVat} as vat, ${lineNet} + ${lineVat} as gross,
                   ${csvGuard(sql`l.cost_centre`)} as cc, ${csvGuard(sql`l.product`)} as pr,
                   ${csvGuard(sql`l.ledger_account`)} as la
            offset 0) x
         where l.lot_id = ${lot} ${bodyId === undefined ? sql`` : sql`and l.body_id = ${bodyId}`}
         order by ${lineOrder}`,
  );
}
