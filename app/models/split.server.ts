// The input of the cost split (splitLotCosts) for one lot of a published tender, read from the
// frozen snapshot (tender_lines) and a bid's prices: before the award for the savings preview of
// any bid, after it for the treasurers' split (bidId defaults to the awarded bid).
//
// No access check here: the callers (the lead's evaluation page, the treasurers' downloads)
// decide who may see which part of the result.
import { and, asc, eq, inArray, sql } from "drizzle-orm";

import { type Database, getDb, queryRows } from "#db/client";
import {
  awards,
  bidPrices,
  bids,
  bodies,
  lots,
  sharedCosts,
  tenderLines,
  tenders,
} from "#db/schema";
import { exactCost } from "~/domain/bands";
import {
  type LotSplit,
  type LotSplitBody,
  type LotSplitInput,
  type LotSplitShare,
  splitLotCosts,
} from "~/domain/cost-split";
import {
  type BodySums,
  budgetYearTable,
  finishLotSplit,
  type GoodsPlan,
  groupKey,
  pickTieWinners,
  planGoodsSplit,
} from "~/domain/cost-split-groups";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { roundHalfUp } from "~/domain/rational";

import { listTenderLots, lotLabel } from "./bid.server";

/**
 * The admin fee as a percentage: `percentBp` of the lot's exact net at the bid's prices (the sum
 * of the exact item costs at the bundled quantities), rounded half up to cents once.
 */
export function percentOfNet(exactNetTenThousandths: bigint, percentBp: number): number {
  return Number(roundHalfUp(exactNetTenThousandths * BigInt(percentBp), 10_000n * 100n));
}

type LotHead = {
  pricing: LotSplitInput["pricing"];
  leadBodyId: string;
  what: string;
  items: LotSplitInput["items"];
  costRows: {
    id: string;
    kind: "delivery" | "admin-fixed" | "admin-percent";
    amountCents: number | null;
    percentBp: number | null;
    vatRateBp: number;
    key: LotSplitInput["sharedCosts"][number]["key"];
    payers: "all" | "non-lead";
  }[];
};

/** Pricing, the items with the bid's bands and the shared costs of a lot; no lines. */
async function loadLotHead({
  tenderId,
  lotId,
  bidId,
}: {
  tenderId: string;
  lotId: string;
  bidId?: string;
}): Promise<LotHead | undefined> {
  if (!isUuid(tenderId) || !isUuid(lotId) || (bidId !== undefined && !isUuid(bidId))) {
    return undefined;
  }
  const db = await getDb();
  const [head] = await db
    .select({
      pricing: tenders.pricing,
      leadBodyId: tenders.leadBodyId,
      lotNumber: lots.number,
      lotTitle: lots.title,
      awardedBidId: awards.bidId,
    })
    .from(lots)
    .innerJoin(tenders, eq(tenders.id, lots.tenderId))
    .leftJoin(awards, eq(awards.lotId, lots.id))
    .where(and(eq(lots.id, lotId), eq(tenders.id, tenderId), eq(tenders.status, "published")));
  if (!head) return undefined;
  const chosen = bidId ?? head.awardedBidId;
  if (!chosen) return undefined;
  const [bid] = await db
    .select({ id: bids.id })
    .from(bids)
    .where(and(eq(bids.id, chosen), eq(bids.lotId, lotId), eq(bids.tenderId, tenderId)));
  if (!bid) return undefined;

  const [[structure], priceRows, costRows] = await Promise.all([
    listTenderLots({ tenderId, lotId }),
    db
      .select({
        itemId: bidPrices.itemId,
        bandIndex: bidPrices.bandIndex,
        unitPrice: bidPrices.unitPrice,
      })
      .from(bidPrices)
      .where(eq(bidPrices.bidId, bid.id)),
    db
      .select({
        id: sharedCosts.id,
        kind: sharedCosts.kind,
        amountCents: sharedCosts.amountCents,
        percentBp: sharedCosts.percentBp,
        vatRateBp: sharedCosts.vatRateBp,
        key: sharedCosts.key,
        payers: sharedCosts.payers,
      })
      .from(sharedCosts)
      .where(and(eq(sharedCosts.lotId, lotId), eq(sharedCosts.tenderId, tenderId)))
      .orderBy(asc(sharedCosts.id)),
  ]);
  const what = lotLabel({ number: head.lotNumber, title: head.lotTitle });
  if (!structure) throw new DomainError(`${what} enthält keine Artikel.`);

  const prices = new Map<string, number[]>();
  for (const p of priceRows) {
    const list = prices.get(p.itemId) ?? [];
    list[p.bandIndex] = p.unitPrice;
    prices.set(p.itemId, list);
  }
  const items = structure.items.map((item) => {
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
  return { pricing: head.pricing, leadBodyId: head.leadBodyId, what, items, costRows };
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

/** Names, kinds and keys of a lot's shared costs, for display next to a split. */
export async function listLotSharedCosts({ tenderId, lotId }: { tenderId: string; lotId: string }) {
  if (!isUuid(tenderId) || !isUuid(lotId)) return [];
  const db = await getDb();
  return db
    .select({
      id: sharedCosts.id,
      kind: sharedCosts.kind,
      label: sharedCosts.label,
      amountCents: sharedCosts.amountCents,
      percentBp: sharedCosts.percentBp,
      vatRateBp: sharedCosts.vatRateBp,
      key: sharedCosts.key,
      payers: sharedCosts.payers,
    })
    .from(sharedCosts)
    .where(and(eq(sharedCosts.lotId, lotId), eq(sharedCosts.tenderId, tenderId)))
    .orderBy(asc(sharedCosts.id));
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
  /** with `budgetYears`: the years the bodies' `yearCents` stand for */
  years: number[];
  /** refs of the lines that get a tie cent, per component */
  tieWinners: { net: Set<string>; vat: Set<string> };
};

type LicenceYears = { table: ReturnType<typeof budgetYearTable>; termMonths: number };

/**
 * The split of a lot without its lines in memory: the same figures as
 * `splitLotCosts(await lotSplitInput(…))` (tested property), from three aggregates in the
 * database — the lot's groups (item, quantity, lines), the few lines of a tie class, and per body
 * the sums over its lines. `budgetYears` (licence lots) adds each body's licence cents per year,
 * summed over its lines' own spreads.
 */
export async function planLotSplit(args: {
  tenderId: string;
  lotId: string;
  bidId?: string;
  budgetYears?: (cents: number) => { year: number; cents: number }[];
  termMonths?: number;
}): Promise<LotSplitPlan | undefined> {
  const head = await loadLotHead(args);
  if (!head) return undefined;
  const { tenderId, lotId } = args;
  const db = await getDb();
  const groupRows = await queryRows<{ item_id: string; quantity: number; lines: number }>(
    db,
    sql`select item_id::text as item_id, quantity, count(*)::int as lines
          from tender_lines where tender_id = ${tenderId} and lot_id = ${lotId}
         group by item_id, quantity`,
  );
  const goods = planGoodsSplit({
    pricing: head.pricing,
    items: head.items,
    groups: groupRows.map((g) => ({
      itemId: g.item_id,
      quantity: Number(g.quantity),
      lines: Number(g.lines),
    })),
  });

  // Tie classes: their lines, in the engine's order, decide who gets the class's cents.
  const tieWinners = { net: new Set<string>(), vat: new Set<string>() };
  if (goods.ties.length > 0) {
    const members = goods.ties.flatMap((t, c) =>
      t.groups.map((g) => ({ c, i: g.itemId, q: g.quantity })),
    );
    const rows = await queryRows<{
      c: number;
      ref: string;
      body_id: string;
      item_id: string;
      cost_centre: string;
      quantity: number;
    }>(
      db,
      sql`select m.c, l.id::text as ref, l.body_id::text as body_id, l.item_id::text as item_id,
                 l.cost_centre, l.quantity
            from tender_lines l
            join jsonb_to_recordset(${JSON.stringify(members)}::jsonb) as m(c int, i uuid, q int)
              on m.i = l.item_id and m.q = l.quantity
           where l.tender_id = ${tenderId} and l.lot_id = ${lotId}`,
    );
    goods.ties.forEach((tie, c) => {
      const lines = rows
        .filter((r) => Number(r.c) === c)
        .map((r) => ({
          ref: r.ref,
          bodyId: r.body_id,
          itemId: r.item_id,
          costCentre: r.cost_centre,
          quantity: Number(r.quantity),
        }));
      for (const ref of pickTieWinners(lines, tie.cents)) tieWinners[tie.component].add(ref);
    });
  }

  const licence: LicenceYears | undefined =
    args.budgetYears && args.termMonths
      ? { table: budgetYearTable(args.budgetYears, args.termMonths), termMonths: args.termMonths }
      : undefined;
  const sums = await sumPerBody({ tenderId, lotId, head, goods, tieWinners, licence });
  const sharedCosts = sharedCostInputs(head, goods.exactNet);
  const { bodies: figures, shared } = finishLotSplit({
    bodies: sums.map((s) => s.sums),
    sharedCosts,
  });
  const extra = new Map(sums.map((s) => [s.sums.id, s]));
  return {
    tenderId,
    lotId,
    leadBodyId: head.leadBodyId,
    goods,
    invoice: goods.invoice,
    bodies: figures.map((b) => ({
      ...b,
      lines: extra.get(b.bodyId)!.lines,
      yearCents: extra.get(b.bodyId)!.yearCents,
    })),
    shared,
    sharedCosts,
    years: licence?.table.years ?? [],
    tieWinners,
  };
}

/** Σ over each body's lines, in one statement: quantities, cents, value weights, alone cost. */
async function sumPerBody({
  tenderId,
  lotId,
  head,
  goods,
  tieWinners,
  licence,
}: {
  tenderId: string;
  lotId: string;
  head: LotHead;
  goods: GoodsPlan;
  tieWinners: LotSplitPlan["tieWinners"];
  licence: LicenceYears | undefined;
}): Promise<{ sums: BodySums; lines: number; yearCents: number[] }[]> {
  const groups = [...goods.groups].map(([key, c]) => {
    const [i, q] = key.split("|");
    return { i, q: Number(q), n: c.net, v: c.vat };
  });
  const winners = new Map<string, { id: string; n: number; v: number }>();
  for (const ref of tieWinners.net) winners.set(ref, { id: ref, n: 1, v: 0 });
  for (const ref of tieWinners.vat) {
    const w = winners.get(ref);
    if (w) w.v = 1;
    else winners.set(ref, { id: ref, n: 0, v: 1 });
  }
  const factors = [...goods.items].map(([i, it]) => ({ i, f: String(it.valueFactor) }));
  const bands = head.items.flatMap((it) =>
    it.bands.map((b, k) => ({
      i: it.id,
      lo: b.minQty,
      hi: String(it.bands[k + 1]?.minQty ?? "9223372036854775807"),
      p: b.unitPrice,
    })),
  );
  const allUnits = goods.pricing === "all-units";
  const cost = allUnits ? sql`bi.q * bd.p` : sql`(least(bi.q, bd.hi::numeric) - bd.lo) * bd.p`;
  const band = allUnits ? sql`bi.q >= bd.lo and bi.q < bd.hi` : sql`bi.q > bd.lo`;
  // Licence years: per line, gross div M whole terms plus the table's split of gross mod M.
  const m = licence?.termMonths ?? 1;
  const yearCount = licence?.table.years.length ?? 0;
  const yearIdx = Array.from({ length: yearCount }, (_, j) => j);
  const yearTable = licence
    ? licence.table.rest.map((cents, r) => ({ r, y: cents }))
    : [{ r: 0, y: [] as number[] }];
  const lineYears = licence
    ? sql`, sum((lx.net + lx.vat) / ${m}) as yw${sql.raw(yearIdx.map((j) => `, sum((yt.y->>${j})::int8) as y${j}`).join(""))}`
    : sql``;
  const yearJoin = licence
    ? sql`join jsonb_to_recordset(${JSON.stringify(yearTable)}::jsonb) as yt(r int, y jsonb) on yt.r = (lx.net + lx.vat) % ${m}`
    : sql``;
  const bodyYears = licence
    ? sql.raw(
        `, sum(bi.yw)::text as yw${yearIdx.map((j) => `, sum(bi.y${j})::text as y${j}`).join("")}`,
      )
    : sql``;
  const yearSelect = licence
    ? sql.raw(`, bs.yw${yearIdx.map((j) => `, bs.y${j}`).join("")}`)
    : sql``;
  const rows = await queryRows<Record<string, string | number>>(
    await getDb(),
    sql`with g as (select * from jsonb_to_recordset(${JSON.stringify(groups)}::jsonb)
                     as g(i uuid, q int, n int8, v int8)),
             w as (select * from jsonb_to_recordset(${JSON.stringify([...winners.values()])}::jsonb)
                     as w(id int8, n int, v int)),
             lx as (select l.body_id, l.item_id, l.quantity,
                           g.n + coalesce(w.n, 0) as net, g.v + coalesce(w.v, 0) as vat
                      from tender_lines l
                      join g on g.i = l.item_id and g.q = l.quantity
                      left join w on w.id = l.id
                     where l.tender_id = ${tenderId} and l.lot_id = ${lotId}),
             bi as (select lx.body_id, lx.item_id, sum(lx.quantity)::numeric as q,
                           sum(lx.net) as net, sum(lx.vat) as vat, count(*) as lines ${lineYears}
                      from lx ${yearJoin}
                     group by lx.body_id, lx.item_id),
             it as (select * from jsonb_to_recordset(${JSON.stringify(factors)}::jsonb)
                      as it(i uuid, f numeric)),
             bd as (select * from jsonb_to_recordset(${JSON.stringify(bands)}::jsonb)
                      as bd(i uuid, lo numeric, hi numeric, p numeric)),
             ac as (select bi.body_id, sum(${cost}) as cost
                      from bi join bd on bd.i = bi.item_id and ${band}
                     group by bi.body_id),
             bs as (select bi.body_id, sum(bi.q) as q, sum(bi.net) as net, sum(bi.vat) as vat,
                           sum(bi.lines) as lines, sum(bi.q * it.f) as val ${bodyYears}
                      from bi join it on it.i = bi.item_id
                     group by bi.body_id)
        select bs.body_id::text as id, b.population, bs.q::text as q, bs.net::text as net,
               bs.vat::text as vat, bs.lines::int as lines, bs.val::text as val,
               coalesce(ac.cost, 0)::text as alone ${yearSelect}
          from bs join bodies b on b.id = bs.body_id
          left join ac on ac.body_id = bs.body_id`,
  );
  return rows.map((r) => {
    const whole = licence ? BigInt(String(r.yw)) : 0n;
    return {
      sums: {
        id: String(r.id),
        population: Number(r.population),
        isLead: r.id === head.leadBodyId,
        totalQuantity: BigInt(String(r.q)),
        goodsNetCents: BigInt(String(r.net)),
        goodsVatCents: BigInt(String(r.vat)),
        goodsValueScaled: BigInt(String(r.val)),
        aloneExact: BigInt(String(r.alone)),
      },
      lines: Number(r.lines),
      yearCents: yearIdx.map((j) =>
        Number(whole * BigInt(licence!.table.months[j]!) + BigInt(String(r[`y${j}`]))),
      ),
    };
  });
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

/**
 * The lot's lines with their cents, in the engine's order (body, item, cost centre, ref), chunk by
 * chunk: the bodies in id order are cut into runs of about `chunkLines` lines and each run is
 * one query on the (lot, body) index. Bounded memory on both drivers, no cursor needed.
 * `bodyId` narrows it to one body.
 */
export async function* lotSplitLines(
  plan: LotSplitPlan,
  { bodyId, chunkLines = 20_000 }: { bodyId?: string; chunkLines?: number } = {},
): AsyncGenerator<PlannedLine[]> {
  const db = await getDb();
  const runs: { from: string; to: string }[] = [];
  let run: { from: string; to: string; lines: number } | undefined;
  for (const b of plan.bodies) {
    if (bodyId !== undefined && b.bodyId !== bodyId) continue;
    if (!run) run = { from: b.bodyId, to: b.bodyId, lines: 0 };
    run.to = b.bodyId;
    run.lines += b.lines;
    if (run.lines >= chunkLines) {
      runs.push(run);
      run = undefined;
    }
  }
  if (run) runs.push(run);
  const { groups } = plan.goods;
  const { net: winNet, vat: winVat } = plan.tieWinners;
  for (const { from, to } of runs) {
    const rows = await queryRows<{
      ref: string;
      body_id: string;
      item_id: string;
      quantity: number;
      cost_centre: string;
      product: string;
      ledger_account: string;
      delivery_address: string;
    }>(
      db,
      sql`select l.id::text as ref, l.body_id::text as body_id, l.item_id::text as item_id,
                 l.quantity, l.cost_centre, l.product, l.ledger_account, l.delivery_address
            from tender_lines l
           where l.tender_id = ${plan.tenderId} and l.lot_id = ${plan.lotId}
             and l.body_id between ${from} and ${to}
           order by l.body_id, l.item_id, l.cost_centre collate "C", l.id::text collate "C"`,
    );
    yield rows.map((r) => {
      const g = groups.get(groupKey(r.item_id, r.quantity))!;
      return {
        ref: r.ref,
        bodyId: r.body_id,
        itemId: r.item_id,
        quantity: Number(r.quantity),
        costCentre: r.cost_centre,
        product: r.product,
        ledgerAccount: r.ledger_account,
        deliveryAddress: r.delivery_address,
        netCents: g.net + (winNet.has(r.ref) ? 1 : 0),
        vatCents: g.vat + (winVat.has(r.ref) ? 1 : 0),
      };
    });
  }
}
