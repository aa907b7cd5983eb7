// The one statement of the split at scale (decisions 007 and 010): the quota SQL shared by the
// lots, and splitStatement, which computes every line group's cents in the database. Its shape
// and settings (jit off, hash joins, work_mem) are measured; change them only with the bench.
import { type SQL, sql } from "drizzle-orm";

import { queryRows, type Transaction } from "#db/client";
import {
  type BodySums,
  type budgetYearTable,
  type pickTieWinners,
} from "~/domain/cost-split-groups";

import { arrayParam, type LotHead } from "./split-input.server";
import { type LotSplitPlan } from "./split-plan.server";

/** The budget years of a licence term, summed for the lots in `lotIds` (decision 007). */
export type LicenceYears = {
  table: ReturnType<typeof budgetYearTable>;
  termMonths: number;
  lotIds: ReadonlySet<string>;
};
type Component = "net" | "vat";
/** What the SQL of several lots needs of each: its quotas, thresholds and winners. */
export type LotQuotas = Pick<LotSplitPlan, "lotId" | "goods" | "thresholds" | "tieWinners">;

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

/** Per lot and VAT rate, in the order of `lots` and their rates: its number `p` (from 0). */
function rateParts(lots: readonly Pick<LotQuotas, "lotId" | "goods">[]) {
  return lots.flatMap((l) => l.goods.rates.map((r) => ({ lotId: l.lotId, rate: r })));
}

/**
 * The lots' items with their integers (ItemQuota) as the table `iq`; `p` numbers the (lot, rate)
 * pairs (rateParts) so that the remainder classes sort and join on one integer, and `y` marks the
 * lots in `yearLots` (licence years are summed for those only).
 */
function quotaItems(
  lots: readonly Pick<LotQuotas, "lotId" | "goods">[],
  yearLots: ReadonlySet<string>,
): SQL {
  const part = new Map(rateParts(lots).map((x, p) => [`${x.lotId} ${x.rate.vatRateBp}`, p]));
  const items = lots.flatMap((l) =>
    [...l.goods.items].map(([i, q]) => ({
      l: l.lotId,
      i,
      r: q.vatRateBp,
      p: part.get(`${l.lotId} ${q.vatRateBp}`)!,
      y: yearLots.has(l.lotId),
      fn: String(q.netFactor),
      fv: String(q.vatFactor),
      d: String(q.denominator),
      ks: String(q.keyScale),
      kd: String(q.keyDivisor),
    })),
  );
  const type = quotaType(lots);
  return sql`iq as materialized (select * from jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
                      as iq(l uuid, i uuid, r int, p int, y boolean, fn ${type}, fv ${type}, d ${type},
                            ks ${type}, kd ${type}))`;
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
    gq: sql`gq as (select grp.lot_id, grp.item_id, grp.quantity, grp.n, iq.r, iq.p, iq.y,
                          ${q.net.whole} as net0, ${q.net.key} as kn,
                          ${q.vat.whole} as vat0, ${q.vat.key} as kv
                     from (select lot_id, item_id, quantity, count(*) as n from tender_lines
                            where lot_id = any(${lotList}::uuid[])
                            group by lot_id, item_id, quantity) grp
                     join iq on iq.l = grp.lot_id and iq.i = grp.item_id)`,
    g: sql`g as materialized (
             select gq.lot_id, gq.item_id, gq.quantity, gq.r, gq.y,
                    (gq.net0 + (th.kn is not null and (gq.kn > th.kn or (gq.kn = th.kn and th.an)))::int)::int8 as net,
                    (gq.vat0 + (th.kv is not null and (gq.kv > th.kv or (gq.kv = th.kv and th.av)))::int)::int8 as vat,
                    coalesce(gq.kn = th.kn and not th.an, false) as tie_n,
                    coalesce(gq.kv = th.kv and not th.av, false) as tie_v
               from gq left join th on th.p = gq.p)`,
  };
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
 * `width_bucket`) and the licence years (`b` rows); and the lines of a tie class (`t` rows).
 */
export async function splitStatement(
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
  const rates = rateParts(lots).map((x, p) => ({
    p,
    l: x.lotId,
    r: x.rate.vatRateBp,
    net: String(x.rate.net),
    vat: String(x.rate.vat),
  }));
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
        sql`, sum(case when lx.y then (${arrayParam(licence!.table.rest.map((r) => r[j]!))}::int8[])[(lx.net + lx.vat) % ${m} + 1] end)::int8 as y${sql.raw(String(j))}`,
    ),
  );
  const bodyYears = sql.raw(
    (licence ? ", sum(bi.yw) as yw" : "") + yearIdx.map((j) => `, sum(bi.y${j}) as y${j}`).join(""),
  );
  const yearsOut = sql.raw(
    licence
      ? `, case when bs.yw is not null then jsonb_build_array(bs.yw${yearIdx.map((j) => `, bs.y${j}`).join("")})::text end`
      : ", null",
  );
  const lotList = arrayParam(lots.map((l) => l.lotId));
  const groups = groupCtes(lots);
  type Row = {
    kind: "b" | "k" | "t";
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
    sql`with ${quotaItems(lots, licence?.lotIds ?? new Set())}, ${groups.gq},
             lo as (select rt.p, rt.l, rt.r, rt.net - coalesce(sum(gq.net0 * gq.n), 0) as ln,
                           rt.vat - coalesce(sum(gq.vat0 * gq.n), 0) as lv
                      from jsonb_to_recordset(${JSON.stringify(rates)}::jsonb)
                        as rt(p int, l uuid, r int, net numeric, vat numeric)
                      left join gq on gq.p = rt.p
                     group by rt.p, rt.l, rt.r, rt.net, rt.vat),
             -- one partition number per (lot, rate) and component: 2p net, 2p + 1 VAT (a sort
             -- on text, lot and rate cost more than the rest of the remainders together)
             cls as (select 2 * p as pc, kn as k, sum(n)::int8 as lines from gq where kn > 0
                      group by p, kn
                     union all
                     select 2 * p + 1, kv, sum(n)::int8 from gq where kv > 0 group by p, kv),
             lo2 as (select 2 * p as pc, p, l, r, 'net' as c, ln as left_over from lo
                     union all
                     select 2 * p + 1, p, l, r, 'vat', lv from lo),
             acc as (select cls.pc, cls.k, cls.lines, lo2.left_over,
                            sum(cls.lines) over (partition by cls.pc order by cls.k desc) as cum
                       from cls join lo2 on lo2.pc = cls.pc),
             bd as (select lo2.p, lo2.l, lo2.r, lo2.c, lo2.left_over, hit.k, hit.lines,
                           hit.cum - hit.lines as above
                      from lo2
                      left join (select pc, k, lines, cum from acc
                                  where cum >= left_over and cum - lines < left_over) hit
                        on hit.pc = lo2.pc),
             th as materialized (
               select p,
                      max(k) filter (where c = 'net') as kn,
                      coalesce(bool_or(left_over - above = lines) filter (where c = 'net'), false) as an,
                      max(k) filter (where c = 'vat') as kv,
                      coalesce(bool_or(left_over - above = lines) filter (where c = 'vat'), false) as av
                 from bd group by p),
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
             lx as (select l.lot_id, l.body_id, l.item_id, l.quantity, g.y, g.net, g.vat
                      from tender_lines l
                      join g on g.lot_id = l.lot_id and g.item_id = l.item_id and g.quantity = l.quantity
                     where l.lot_id = any(${lotList}::uuid[])),
             bi as (select lx.lot_id, lx.body_id, lx.item_id, sum(lx.quantity) as q,
                           sum(lx.net)::int8 as net, sum(lx.vat)::int8 as vat, count(*) as lines
                           ${licence ? sql`, sum(case when lx.y then (lx.net + lx.vat) / ${m} end)::int8 as yw` : sql``} ${lineYears}
                      from lx group by lx.lot_id, lx.body_id, lx.item_id),
             bs as (select bi.lot_id, bi.body_id, sum(bi.q) as q, sum(bi.net) as net,
                           sum(bi.vat) as vat, sum(bi.lines) as lines, sum(bi.q * it.f) as val,
                           sum(${alone}) as alone
                           ${bodyYears}
                      from bi join it on it.l = bi.lot_id and it.i = bi.item_id
                     group by bi.lot_id, bi.body_id)
        select 'b' as kind, bs.lot_id::text as lot, bs.body_id::text as body, bs.q::text as q,
               bs.net::text as net, bs.vat::text as vat, bs.lines::int as lines, bs.val::text as val,
               bs.alone::text as alone ${yearsOut} as years, b.population, null as x
          from bs join bodies b on b.id = bs.body_id
        union all
        -- the lines of a tie class: a scan of their own, so that no aggregate above collects
        -- them (a jsonb_agg per body and item made the planner expect 8 kB per group and spill)
        select 't', l.lot_id::text, l.body_id::text, null, null, null, null, null, null, null, null,
               jsonb_build_array(l.id::text, l.item_id::text, l.cost_centre, l.quantity, g.r, g.net,
                                 g.vat, g.tie_n, g.tie_v)::text
          from tender_lines l
          join g on g.lot_id = l.lot_id and g.item_id = l.item_id and g.quantity = l.quantity
         where l.lot_id = any(${lotList}::uuid[]) and (g.tie_n or g.tie_v)
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
    } else if (r.kind === "t") {
      // a line of a tie class: [ref, item, cost centre, quantity, rate, net, VAT, ties in net, in VAT]
      type Tie = [string, string, string, number, number, number, number, boolean, boolean];
      const [ref, itemId, costCentre, quantity, rate, net, vat, tieNet, tieVat] = JSON.parse(
        r.x!,
      ) as Tie;
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
    } else {
      const head = heads.get(r.lot)!;
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
        // (a lot without licence years has none)
        yearCents:
          years.length === 0
            ? []
            : yearIdx.map((j) => Number(whole * BigInt(licence!.table.months[j]!) + years[j + 1]!)),
      });
      sums.set(r.lot, perLot);
    }
  }
  return { sums, boundaries, tieLines };
}
