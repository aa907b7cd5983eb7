// The input of the cost split (splitLotCosts) for one lot of a published tender, read from the
// frozen snapshot (tender_lines) and a bid's prices: before the award for the savings preview of
// any bid, after it for the treasurers' split (bidId defaults to the awarded bid).
//
// No access check here: the callers (the lead's evaluation page, the treasurers' downloads)
// decide who may see which part of the result.
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";

import { type Database, getDb, queryRows } from "#db/client";
import { streamRows } from "#db/stream-rows";
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
  pickTieWinners,
  planGoods,
  settleBoundary,
  type Threshold,
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
  /** per rate: from which remainder key on a line gets a cent (see settleBoundary) */
  thresholds: Map<number, { net: Threshold; vat: Threshold }>;
  /** refs of the lines of a split boundary class that get its cents, per component */
  tieWinners: { net: Set<string>; vat: Set<string> };
};

type LicenceYears = { table: ReturnType<typeof budgetYearTable>; termMonths: number };
type Component = "net" | "vat";

/** A Postgres array literal for one text parameter: `{a,b,c}` (uuids and integers only). */
const arrayParam = (values: Iterable<string | number | bigint>) => `{${[...values].join(",")}}`;

/**
 * Every line group (item, quantity) of the lot with its whole cents and remainder key per
 * component (`gq`), from the items' integers (ItemQuota): exact `numeric` arithmetic.
 */
function quotaCtes(lotId: string, goods: GoodsPlan): SQL {
  const items = [...goods.items].map(([i, q]) => ({
    i,
    r: q.vatRateBp,
    fn: String(q.netFactor),
    fv: String(q.vatFactor),
    d: String(q.denominator),
    ks: String(q.keyScale),
    kd: String(q.keyDivisor),
  }));
  return sql`iq as (select * from jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
                      as iq(i uuid, r int, fn numeric, fv numeric, d numeric, ks numeric, kd numeric)),
             gq as (select grp.item_id, grp.quantity, grp.n, iq.r,
                           div(iq.fn * grp.quantity, iq.d) as net0,
                           div(mod(iq.fn * grp.quantity, iq.d) * iq.ks, iq.kd) as kn,
                           div(iq.fv * grp.quantity, iq.d) as vat0,
                           div(mod(iq.fv * grp.quantity, iq.d) * iq.ks, iq.kd) as kv
                      from (select item_id, quantity, count(*) as n from tender_lines
                             where lot_id = ${lotId} group by item_id, quantity) grp
                      join iq on iq.i = grp.item_id)`;
}

/**
 * `quotaCtes` plus each group's cents after the thresholds (`g`) and the tie winners (`w`): a
 * line's cents are g.net + w.n (0 when it is no winner), likewise VAT.
 */
function centsCtes(plan: Pick<LotSplitPlan, "lotId" | "goods" | "thresholds" | "tieWinners">): SQL {
  const th = [...plan.thresholds].map(([r, t]) => ({
    r,
    kn: t.net ? String(t.net.key) : null,
    an: t.net?.all ?? false,
    kv: t.vat ? String(t.vat.key) : null,
    av: t.vat?.all ?? false,
  }));
  const { net, vat } = plan.tieWinners;
  const winners = [...new Set([...net, ...vat])];
  return sql`${quotaCtes(plan.lotId, plan.goods)},
             th as (select * from jsonb_to_recordset(${JSON.stringify(th)}::jsonb)
                      as th(r int, kn numeric, an boolean, kv numeric, av boolean)),
             g as (select gq.item_id, gq.quantity,
                          (gq.net0 + (th.kn is not null and (gq.kn > th.kn or (gq.kn = th.kn and th.an)))::int)::int8 as net,
                          (gq.vat0 + (th.kv is not null and (gq.kv > th.kv or (gq.kv = th.kv and th.av)))::int)::int8 as vat
                     from gq left join th on th.r = gq.r),
             w as (select x.id, (x.id = any(${arrayParam(net)}::int8[]))::int as n,
                          (x.id = any(${arrayParam(vat)}::int8[]))::int as v
                     from unnest(${arrayParam(winners)}::int8[]) as x(id))`;
}

/**
 * The split of a lot without its lines in memory: the same figures as
 * `splitLotCosts(await lotSplitInput(…))` (tested property). The database sums the items'
 * quantities, computes every line group's cents and finds where each rate's cents run out; a
 * split class of equal remainders is decided here by the engine's line order; then it sums each
 * body's lines. `budgetYears` (licence lots) adds each body's licence cents per year, summed over
 * its lines' own spreads.
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
  const totals = await queryRows<{ item_id: string; q: string; n: number }>(
    db,
    sql`select item_id::text as item_id, sum(quantity)::text as q, count(*)::int as n
          from tender_lines where lot_id = ${lotId} group by item_id`,
  );
  const goods = planGoods({
    pricing: head.pricing,
    items: head.items,
    totals: totals.map((t) => ({ itemId: t.item_id, quantity: BigInt(t.q), lines: Number(t.n) })),
  });

  // Where each rate's cents run out: the class of equal remainder keys that takes the last cent.
  const rates = goods.rates.map((r) => ({
    r: r.vatRateBp,
    net: String(r.net),
    vat: String(r.vat),
  }));
  const boundaries = await queryRows<{
    r: number;
    c: Component;
    left_over: string;
    k: string | null;
    lines: string | null;
    above: string | null;
  }>(
    db,
    sql`with ${quotaCtes(lotId, goods)},
             lo as (select rt.r, rt.net - sum(gq.net0 * gq.n) as ln, rt.vat - sum(gq.vat0 * gq.n) as lv
                      from jsonb_to_recordset(${JSON.stringify(rates)}::jsonb) as rt(r int, net numeric, vat numeric)
                      join gq on gq.r = rt.r
                     group by rt.r, rt.net, rt.vat),
             cls as (select 'net' as c, r, kn as k, sum(n) as lines from gq where kn > 0 group by r, kn
                     union all
                     select 'vat', r, kv, sum(n) from gq where kv > 0 group by r, kv),
             acc as (select c, r, k, lines, sum(lines) over (partition by c, r order by k desc) as cum
                       from cls)
        select lo.r, x.c, (case x.c when 'net' then lo.ln else lo.lv end)::text as left_over,
               acc.k::text as k, acc.lines::text as lines, (acc.cum - acc.lines)::text as above
          from lo cross join (values ('net'), ('vat')) as x(c)
          left join acc on acc.r = lo.r and acc.c = x.c
                       and acc.cum >= (case x.c when 'net' then lo.ln else lo.lv end)
                       and acc.cum - acc.lines < (case x.c when 'net' then lo.ln else lo.lv end)`,
  );
  const thresholds = new Map<number, { net: Threshold; vat: Threshold }>();
  for (const r of goods.rates) thresholds.set(r.vatRateBp, { net: null, vat: null });
  const ties: { c: Component; r: number; k: string; cents: number }[] = [];
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
    thresholds.get(Number(b.r))![b.c] = threshold;
    if (threshold && threshold.tie > 0)
      ties.push({ c: b.c, r: Number(b.r), k: b.k!, cents: threshold.tie });
  }

  // A split class: its lines, in the engine's order, decide who gets the class's cents.
  const tieWinners = { net: new Set<string>(), vat: new Set<string>() };
  if (ties.length > 0) {
    const rows = await queryRows<{
      t: number;
      ref: string;
      body_id: string;
      item_id: string;
      cost_centre: string;
      quantity: number;
    }>(
      db,
      sql`with ${quotaCtes(lotId, goods)}
          select t.t, l.id::text as ref, l.body_id::text as body_id, l.item_id::text as item_id,
                 l.cost_centre, l.quantity
            from tender_lines l
            join gq on gq.item_id = l.item_id and gq.quantity = l.quantity
            join jsonb_to_recordset(${JSON.stringify(ties.map((t, i) => ({ ...t, t: i })))}::jsonb)
                   as t(t int, c text, r int, k numeric)
              on t.r = gq.r and t.k = (case t.c when 'net' then gq.kn else gq.kv end)
           where l.lot_id = ${lotId}`,
    );
    ties.forEach((tie, i) => {
      const lines = rows
        .filter((r) => Number(r.t) === i)
        .map((r) => ({
          ref: r.ref,
          bodyId: r.body_id,
          itemId: r.item_id,
          costCentre: r.cost_centre,
          quantity: Number(r.quantity),
        }));
      for (const ref of pickTieWinners(lines, tie.cents)) tieWinners[tie.c].add(ref);
    });
  }

  const licence: LicenceYears | undefined =
    args.budgetYears && args.termMonths
      ? { table: budgetYearTable(args.budgetYears, args.termMonths), termMonths: args.termMonths }
      : undefined;
  const sums = await sumPerBody({ plan: { lotId, goods, thresholds, tieWinners }, head, licence });
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
    thresholds,
    tieWinners,
  };
}

/**
 * Σ over each body's lines, in one statement: quantities, cents, value weights, the cost of its
 * own quantities alone and, for licences, its years. Per body and item the quantities are summed
 * (the alone cost prices that sum by the bid's bands with `width_bucket`), then per body.
 */
async function sumPerBody({
  plan,
  head,
  licence,
}: {
  plan: Pick<LotSplitPlan, "lotId" | "goods" | "thresholds" | "tieWinners">;
  head: LotHead;
  licence: LicenceYears | undefined;
}): Promise<{ sums: BodySums; lines: number; yearCents: number[] }[]> {
  const { goods } = plan;
  const items = head.items.map((it) => {
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
      i: it.id,
      f: String(goods.items.get(it.id)!.valueFactor),
      lo: it.bands.map((b) => b.minQty),
      p: it.bands.map((b) => b.unitPrice),
      cum: cums,
    };
  });
  const band = sql`width_bucket(bi.q, it.lo)`;
  const alone =
    goods.pricing === "all-units"
      ? sql`bi.q * it.p[${band}]`
      : sql`it.cum[${band}] + (bi.q - it.lo[${band}]) * it.p[${band}]`;
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
    yearIdx.map((j) => `, sum(bi.y${j})::text as y${j}`).join("") +
      (licence ? ", sum(bi.yw)::text as yw" : ""),
  );
  const rows = await queryRows<Record<string, string | number>>(
    await getDb(),
    sql`with ${centsCtes(plan)},
             it as materialized (
               select x.i, x.f::numeric as f,
                      array(select jsonb_array_elements_text(x.lo)::numeric) as lo,
                      array(select jsonb_array_elements_text(x.p)::numeric) as p,
                      array(select jsonb_array_elements_text(x.cum)::numeric) as cum
                 from jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
                   as x(i uuid, f text, lo jsonb, p jsonb, cum jsonb)),
             lx as (select l.body_id, l.item_id, l.quantity,
                           g.net + coalesce(w.n, 0) as net, g.vat + coalesce(w.v, 0) as vat
                      from tender_lines l
                      join g on g.item_id = l.item_id and g.quantity = l.quantity
                      left join w on w.id = l.id
                     where l.lot_id = ${plan.lotId}),
             bi as (select lx.body_id, lx.item_id, sum(lx.quantity)::numeric as q,
                           sum(lx.net) as net, sum(lx.vat) as vat, count(*) as lines
                           ${licence ? sql`, sum((lx.net + lx.vat) / ${m}) as yw` : sql``} ${lineYears}
                      from lx group by lx.body_id, lx.item_id),
             bs as (select bi.body_id, sum(bi.q)::text as q, sum(bi.net)::text as net,
                           sum(bi.vat)::text as vat, sum(bi.lines)::int as lines,
                           sum(bi.q * it.f)::text as val, sum(${alone})::text as alone ${bodyYears}
                      from bi join it on it.i = bi.item_id
                     group by bi.body_id)
        select bs.*, bs.body_id::text as id, b.population
          from bs join bodies b on b.id = bs.body_id`,
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

/** The engine's line order (body, item, cost centre, ref as text); `l` is the lot's lines. */
const lineOrder = sql`l.body_id, l.item_id, l.cost_centre collate "C", l.id::text collate "C"`;

/**
 * The lot's lines with their cents, in the engine's order, batch by batch from one query
 * (streamRows: a cursor on PostgreSQL). `bodyId` narrows it to one body.
 */
export async function* lotSplitLines(
  plan: LotSplitPlan,
  { bodyId, batch = 5_000 }: { bodyId?: string; batch?: number } = {},
): AsyncGenerator<PlannedLine[]> {
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
    sql`with ${centsCtes(plan)}
        select l.id::text as ref, l.body_id::text as body_id, l.item_id::text as item_id,
               l.quantity, l.cost_centre, l.product, l.ledger_account, l.delivery_address,
               (g.net + coalesce(w.n, 0))::text as net, (g.vat + coalesce(w.v, 0))::text as vat
          from tender_lines l
          join g on g.item_id = l.item_id and g.quantity = l.quantity
          left join w on w.id = l.id
         where l.lot_id = ${plan.lotId} ${bodyId === undefined ? sql`` : sql`and l.body_id = ${bodyId}`}
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

/** A CSV field as the CSV writer writes user text: formula guard, then quoted when needed. */
const csvText = (column: SQL) => {
  const guarded = sql`(case when left(${column}, 1) in ('=', '+', '-', '@', chr(9), chr(13), '''')
                            then '''' || ${column} else ${column} end)`;
  return sql`(case when strpos(${guarded}, '"') > 0 or strpos(${guarded}, ';') > 0
                     or strpos(${guarded}, chr(13)) > 0 or strpos(${guarded}, chr(10)) > 0
                   then '"' || replace(${guarded}, '"', '""') || '"' else ${guarded} end)`;
};

/** Cents as "1234,56" (decimal comma, no thousands separator), as csvCents writes them. */
const csvCentsSql = (cents: SQL) =>
  sql`(case when ${cents} < 0 then '-' else '' end || (abs(${cents}) / 100)::text || ','
       || lpad((abs(${cents}) % 100)::text, 2, '0'))`;

/** The rows' `line` column, CRLF after each, one string per batch. */
async function* crlfRows(statement: SQL): AsyncGenerator<string> {
  for await (const rows of streamRows<{ line: string }>(statement)) {
    let text = "";
    for (const r of rows) text += `${r.line}\r\n`;
    yield text;
  }
}

/**
 * The lot's lines as CSV rows, formatted by PostgreSQL and streamed in batches (decision 007):
 * the columns of CSV_COLUMNS from the body's name to the budget year, `;`, CRLF. The same cents
 * as lotSplitLines, the same order. `items` holds per item the fields between "Los" and
 * "Stückpreis" and the VAT rate, already as CSV text; the body's name and the line's cost
 * centre, product and ledger account are guarded and quoted here.
 */
export function lotCsvRows(
  plan: LotSplitPlan,
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
): AsyncGenerator<string> {
  const itemRows = JSON.stringify([...items].map(([i, t]) => ({ i, ...t })));
  const net = sql`(g.net + coalesce(w.n, 0))`;
  const vat = sql`(g.vat + coalesce(w.v, 0))`;
  return crlfRows(
    sql`with ${centsCtes(plan)},
             it as (select * from jsonb_to_recordset(${itemRows}::jsonb)
                      as it(i uuid, a text, b text, rate text))
        select concat_ws(';', ${csvText(sql`b.name`)}, ${csvText(sql`coalesce(b.ags, '')`)},
                         it.a, l.quantity::text, it.b, ${csvCentsSql(net)}, it.rate,
                         ${csvCentsSql(vat)}, ${csvCentsSql(sql`(${net} + ${vat})`)},
                         ${csvText(sql`l.cost_centre`)}, ${csvText(sql`l.product`)},
                         ${csvText(sql`l.ledger_account`)}, ${yearText}::text) as line
          from tender_lines l
          join it on it.i = l.item_id
          join g on g.item_id = l.item_id and g.quantity = l.quantity
          join bodies b on b.id = l.body_id
          left join w on w.id = l.id
         where l.lot_id = ${plan.lotId} ${bodyId === undefined ? sql`` : sql`and l.body_id = ${bodyId}`}
         order by ${lineOrder}`,
  );
}
