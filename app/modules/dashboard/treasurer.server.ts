// The Kämmerei's work list: the awarded tenders whose split it can download (its body's share,
// and every body's when its body leads), the XRechnungen the lead issued to its body, and its
// body's totals per budget year over all of them. The figures are read from the stored split
// (decision 010) by primary key per lot (split_bodies (lot, body), split_shares (lot, cost,
// body)): nothing is recomputed, no statement per tender.
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { formatEuro } from "~/domain/money";

import { type SplitReady, type TreasurerSection } from "./types";

export async function treasurerSection({ bodyId }: { bodyId: string }): Promise<TreasurerSection> {
  const db = await getDb();
  const body = sql`${bodyId}::uuid`;
  // the published tenders with an award that the body takes part in or leads
  const mine = sql`select t.id, t.title, t.reference_number, t.lead_body_id, t.goods_billing,
                          t.contract_start
                   from tenders t
                   where t.status = 'published'
                     and t.id in (select tp.tender_id from tender_participants tp where tp.body_id = ${body}
                                  union select lt.id from tenders lt where lt.lead_body_id = ${body})`;
  const splits = await queryRows<{
    id: string;
    title: string;
    reference_number: string;
    lead: string;
    is_lead: boolean;
    lots: number;
    awarded: number;
    own_lots: number;
    gross: string | number;
    taxed: boolean | null;
    untaxed: boolean | null;
    goods_billing: "supplier" | "lead";
  }>(
    db,
    sql`select m.id, m.title, m.reference_number, lb.name as lead, m.lead_body_id = ${body} as is_lead,
               m.goods_billing, x.lots, x.awarded, x.own_lots, x.gross, v.taxed, v.untaxed
        from (${mine}) m
        join bodies lb on lb.id = m.lead_body_id
        cross join lateral (
          select count(*)::int as lots, count(a.lot_id)::int as awarded,
                 count(sb.lot_id)::int as own_lots, coalesce(sum(sb.gross_cents), 0)::bigint as gross,
                 max(a.awarded_at) as last_award
          from lots l
          left join awards a on a.lot_id = l.id
          left join split_bodies sb on sb.lot_id = l.id and sb.body_id = ${body}
          where l.tender_id = m.id
        ) x
        cross join lateral (
          select bool_or((c ->> 'vatRateBp')::int <> 0) as taxed,
                 bool_or((c ->> 'vatRateBp')::int = 0) as untaxed
          from lots l
          join split_shares ss on ss.lot_id = l.id and ss.body_id = ${body}
          join lot_splits ls on ls.lot_id = l.id
          cross join lateral jsonb_array_elements(ls.shared_costs) c
          where l.tender_id = m.id and c ->> 'id' = ss.cost_id::text
        ) v
        where x.awarded > 0
        order by x.last_award desc, m.title`,
  );
  // Per budget year, as the split page counts it: a licence lot's goods by the years of its
  // spread, its shared costs and every other lot's whole share in the contract's first year.
  const years = await queryRows<{ year: number; cents: string | number }>(
    db,
    sql`with own as (
          select l.category, extract(year from m.contract_start)::int as start_year, ls.years,
                 sb.year_cents, sb.gross_cents, sb.shared_net_cents + sb.shared_vat_cents as shared
          from (${mine}) m
          join lots l on l.tender_id = m.id
          join split_bodies sb on sb.lot_id = l.id and sb.body_id = ${body}
          join lot_splits ls on ls.lot_id = l.id
        )
        select year, sum(cents)::bigint as cents from (
          select start_year as year,
                 case when category = 'license' then shared else gross_cents end as cents
          from own
          union all
          select y.year, y.cents from own, unnest(own.years, own.year_cents) as y(year, cents)
          where own.category = 'license'
        ) z
        group by year having sum(cents) <> 0 order by year`,
  );
  return {
    role: "treasurer",
    splits: splits.map((s): SplitReady => ({
      id: s.id,
      title: s.title,
      referenceNumber: s.reference_number,
      leadBodyName: s.lead,
      isLead: Boolean(s.is_lead),
      participates: Number(s.own_lots) > 0,
      awardedLots: Number(s.awarded),
      lots: Number(s.lots),
      share: Number(s.own_lots) > 0 ? formatEuro(BigInt(s.gross)) : null,
      // The lead issues invoices to the others only: shared costs always, goods when billed
      // centrally (app/modules/invoicing/share-invoices.server.ts).
      xrechnung: s.is_lead
        ? { taxed: false, untaxed: false }
        : {
            taxed: Boolean(s.taxed) || (s.goods_billing === "lead" && Number(s.own_lots) > 0),
            untaxed: Boolean(s.untaxed),
          },
    })),
    years: years.map((y) => ({ year: Number(y.year), total: formatEuro(BigInt(y.cents)) })),
  };
}
