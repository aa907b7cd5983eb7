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
          from tender_lines where lot_id = ${lotId}
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
           where l.lot_id = ${lotId}`,
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
  const sums = await sumPerBody({ lotId, head, goods, tieWinners, licence });
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

/** A Postgres array literal for one text parameter: `{a,b,c}` (uuids and integers only). */
const arrayParam = (values: readonly (string | number | bigint)[]) => `{${values.join(",")}}`;

/**
 * Σ over each body's lines, in one statement: quantities, cents, value weights, the cost of its
 * own quantities alone and, for licences, its years. One pass over the lot's lines: each line
 * finds its cents in the groups table (a hash join), the tie winners add theirs; per body and
 * item the quantities are summed (the alone cost prices that sum by the bid's bands with
 * `width_bucket`), then per body.
 */
async function sumPerBody({
  lotId,
  head,
  goods,
  tieWinners,
  licence,
}: {
  lotId: string;
  head: LotHead;
  goods: GoodsPlan;
  tieWinners: LotSplitPlan["tieWinners"];
  licence: LicenceYears | undefined;
}): Promise<{ sums: BodySums; lines: number; yearCents: number[] }[]> {
  const keys = [...goods.groups.keys()];
  const groupItems = keys.map((k) => k.slice(0, k.indexOf("|")));
  const groupQuantities = keys.map((k) => k.slice(k.indexOf("|") + 1));
  const cents = [...goods.groups.values()];
  const winners = [...new Set([...tieWinners.net, ...tieWinners.vat])];
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
    sql`with g as (select * from unnest(${arrayParam(groupItems)}::uuid[],
                                        ${arrayParam(groupQuantities)}::int4[],
                                        ${arrayParam(cents.map((c) => c.net))}::int8[],
                                        ${arrayParam(cents.map((c) => c.vat))}::int8[]) as g(i, q, n, v)),
             wn as (select unnest(${arrayParam([...tieWinners.net])}::int8[]) as id),
             wv as (select unnest(${arrayParam([...tieWinners.vat])}::int8[]) as id),
             w as (select id, exists (select 1 from wn where wn.id = x.id)::int as n,
                              exists (select 1 from wv where wv.id = x.id)::int as v
                     from unnest(${arrayParam(winners)}::int8[]) as x(id)),
             it as materialized (
               select x.i, x.f::numeric as f,
                      array(select jsonb_array_elements_text(x.lo)::numeric) as lo,
                      array(select jsonb_array_elements_text(x.p)::numeric) as p,
                      array(select jsonb_array_elements_text(x.cum)::numeric) as cum
                 from jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
                   as x(i uuid, f text, lo jsonb, p jsonb, cum jsonb)),
             lx as (select l.body_id, l.item_id, l.quantity,
                           g.n + coalesce(w.n, 0) as net, g.v + coalesce(w.v, 0) as vat
                      from tender_lines l
                      join g on g.i = l.item_id and g.q = l.quantity
                      left join w on w.id = l.id
                     where l.lot_id = ${lotId}),
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

/**
 * The lot's lines with their cents, in the engine's order (body, item, cost centre, ref), batch by
 * batch from one query (streamRows: a cursor on PostgreSQL). `bodyId` narrows it to one body.
 */
export async function* lotSplitLines(
  plan: LotSplitPlan,
  { bodyId, batch = 5_000 }: { bodyId?: string; batch?: number } = {},
): AsyncGenerator<PlannedLine[]> {
  const { groups } = plan.goods;
  const { net: winNet, vat: winVat } = plan.tieWinners;
  const rows = streamRows<{
    ref: string;
    body_id: string;
    item_id: string;
    quantity: number;
    cost_centre: string;
    product: string;
    ledger_account: string;
    delivery_address: string;
  }>(
    sql`select l.id::text as ref, l.body_id::text as body_id, l.item_id::text as item_id,
               l.quantity, l.cost_centre, l.product, l.ledger_account, l.delivery_address
          from tender_lines l
         where l.lot_id = ${plan.lotId} ${bodyId === undefined ? sql`` : sql`and l.body_id = ${bodyId}`}
         order by l.body_id, l.item_id, l.cost_centre collate "C", l.id::text collate "C"`,
    batch,
  );
  for await (const chunk of rows) {
    yield chunk.map((r) => {
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
 * The lot's lines as CSV rows, formatted by PostgreSQL and streamed in batches (decision 007): the
 * columns of CSV_COLUMNS from the body's name to the budget year, `;`, CRLF. The same cents as
 * lotSplitLines (the groups table and the tie winners), the same order. `items` holds per item
 * the fields between "Los" and "Stückpreis" and the VAT rate, already as CSV text; the body's
 * name and the line's cost centre, product and ledger account are guarded and quoted here.
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
  const itemIds = [...items.keys()];
  const index = new Map(itemIds.map((id, k) => [id, k + 1]));
  const keys = [...plan.goods.groups.keys()];
  const cents = [...plan.goods.groups.values()];
  const itemRows = JSON.stringify(itemIds.map((id, k) => ({ k: k + 1, i: id, ...items.get(id)! })));
  const net = sql`(g.n + (w_n.id is not null)::int)`;
  const vat = sql`(g.v + (w_v.id is not null)::int)`;
  return crlfRows(
    sql`with g as (select * from unnest(
                     ${arrayParam(keys.map((k) => index.get(k.slice(0, k.indexOf("|")))!))}::int4[],
                     ${arrayParam(keys.map((k) => k.slice(k.indexOf("|") + 1)))}::int4[],
                     ${arrayParam(cents.map((c) => c.net))}::int8[],
                     ${arrayParam(cents.map((c) => c.vat))}::int8[]) as g(k, q, n, v)),
             it as (select * from jsonb_to_recordset(${itemRows}::jsonb)
                      as it(k int, i uuid, a text, b text, rate text))
        select concat_ws(';', ${csvText(sql`b.name`)}, ${csvText(sql`coalesce(b.ags, '')`)},
                         it.a, l.quantity::text, it.b, ${csvCentsSql(net)}, it.rate,
                         ${csvCentsSql(vat)}, ${csvCentsSql(sql`(${net} + ${vat})`)},
                         ${csvText(sql`l.cost_centre`)}, ${csvText(sql`l.product`)},
                         ${csvText(sql`l.ledger_account`)}, ${yearText}::text) as line
          from tender_lines l
          join it on it.i = l.item_id
          join g on g.k = it.k and g.q = l.quantity
          join bodies b on b.id = l.body_id
          left join unnest(${arrayParam([...plan.tieWinners.net])}::int8[]) as w_n(id) on w_n.id = l.id
          left join unnest(${arrayParam([...plan.tieWinners.vat])}::int8[]) as w_v(id) on w_v.id = l.id
         where l.lot_id = ${plan.lotId} ${bodyId === undefined ? sql`` : sql`and l.body_id = ${bodyId}`}
         order by l.body_id, l.item_id, l.cost_centre collate "C", l.id::text collate "C"`,
  );
}
