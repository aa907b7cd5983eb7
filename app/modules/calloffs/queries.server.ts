// What the call-off pages and the split's files read: the items a body may call off, the
// call-offs, and per lot the maximum and what is called off (decision 025).
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { isUuid } from "~/domain/ids";

import { type LotCallOffStatus } from "./types";

export { type LotCallOffStatus };

export type CallOffItem = {
  itemId: string;
  lotId: string;
  lotNumber: number;
  name: string;
  unit: string;
  /** net unit price in 1/10,000 EUR, as awarded (the band of the bundled quantity) */
  unitPrice: number;
  vatRateBp: number;
};

/**
 * The items of the awarded framework lots of a tender in which `bodyId` participates (the lead's
 * body: every tender it leads), priced as the award's stored split fixed them.
 */
export async function callOffItems({
  tenderId,
  bodyId,
}: {
  tenderId: string;
  bodyId: string;
}): Promise<CallOffItem[]> {
  if (!isUuid(tenderId) || !isUuid(bodyId)) return [];
  const db = await getDb();
  const rows = await queryRows<Omit<CallOffItem, "unitPrice"> & { unitPrice: string }>(
    db,
    sql`select li.item_id as "itemId", l.id as "lotId", l.number as "lotNumber",
               coalesce(li.item_name, c.name) as name, coalesce(li.item_unit, c.unit) as unit,
               (s.items -> li.item_id::text ->> 'unitPrice') as "unitPrice",
               (s.items -> li.item_id::text ->> 'vatRateBp')::int as "vatRateBp"
        from call_off_maxima m
        join lots l on l.id = m.lot_id
        join lot_items li on li.lot_id = l.id
        join catalogue_items c on c.id = li.item_id
        join lot_splits s on s.lot_id = l.id
        where m.tender_id = ${tenderId}::uuid
          and exists (select 1 from tender_participants tp
                      where tp.tender_id = m.tender_id and tp.body_id = ${bodyId}::uuid)
        order by l.number, li.position`,
  );
  return rows.map((r) => ({ ...r, unitPrice: Number(r.unitPrice) }));
}

export type CallOffRow = {
  id: string;
  bodyId: string;
  bodyName: string;
  ags: string | null;
  lotNumber: number;
  itemName: string;
  cpvCode: string;
  unit: string;
  quantity: number;
  calledOn: string;
  budgetYear: number;
  costCentre: string;
  unitPrice: number;
  vatRateBp: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
};

/** The call-offs of a tender, of one body or (bodyId undefined: the lead's view) of all. */
export async function listCallOffs({
  tenderId,
  bodyId,
}: {
  tenderId: string;
  bodyId?: string;
}): Promise<CallOffRow[]> {
  if (!isUuid(tenderId) || (bodyId !== undefined && !isUuid(bodyId))) return [];
  const db = await getDb();
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select co.id, co.body_id as "bodyId", b.name as "bodyName", b.ags, l.number as "lotNumber",
               coalesce(li.item_name, c.name) as "itemName",
               coalesce(li.item_cpv_code, c.cpv_code) as "cpvCode",
               coalesce(li.item_unit, c.unit) as unit, co.quantity,
               co.called_on::text as "calledOn", co.budget_year as "budgetYear",
               co.cost_centre as "costCentre", co.unit_price::text as "unitPrice",
               co.vat_rate_bp as "vatRateBp", co.net_cents::text as "netCents",
               co.vat_cents::text as "vatCents"
        from call_offs co
        join bodies b on b.id = co.body_id
        join lots l on l.id = co.lot_id
        join lot_items li on li.lot_id = co.lot_id and li.item_id = co.item_id
        join catalogue_items c on c.id = co.item_id
        where co.tender_id = ${tenderId}::uuid
          ${bodyId ? sql`and co.body_id = ${bodyId}::uuid` : sql``}
        order by b.name, co.called_on, l.number, li.position, co.created_at, co.id`,
  );
  return rows.map((r) => {
    const netCents = Number(r.netCents);
    const vatCents = Number(r.vatCents);
    return {
      id: String(r.id),
      bodyId: String(r.bodyId),
      bodyName: String(r.bodyName),
      ags: r.ags === null ? null : String(r.ags),
      lotNumber: Number(r.lotNumber),
      itemName: String(r.itemName),
      cpvCode: String(r.cpvCode),
      unit: String(r.unit),
      quantity: Number(r.quantity),
      calledOn: String(r.calledOn),
      budgetYear: Number(r.budgetYear),
      costCentre: String(r.costCentre),
      unitPrice: Number(r.unitPrice),
      vatRateBp: Number(r.vatRateBp),
      netCents,
      vatCents,
      grossCents: netCents + vatCents,
    };
  });
}

/** Per framework lot of a tender: the maximum, what is called off, and per body. */
export async function lotCallOffStatus({
  tenderId,
}: {
  tenderId: string;
}): Promise<LotCallOffStatus[]> {
  if (!isUuid(tenderId)) return [];
  const db = await getDb();
  const [maxima, perBody] = await Promise.all([
    queryRows<{
      lotId: string;
      number: number;
      title: string;
      max: string;
      bundled: string;
      reserveBp: number;
    }>(
      db,
      sql`select m.lot_id as "lotId", l.number, l.title, m.max_quantity::text as max,
                 m.bundled_quantity::text as bundled, m.reserve_bp as "reserveBp"
          from call_off_maxima m join lots l on l.id = m.lot_id
          where m.tender_id = ${tenderId}::uuid order by l.number`,
    ),
    queryRows<{ lotId: string; bodyId: string; name: string; quantity: string }>(
      db,
      sql`select co.lot_id as "lotId", co.body_id as "bodyId", b.name,
                 sum(co.quantity)::text as quantity
          from call_offs co join bodies b on b.id = co.body_id
          where co.tender_id = ${tenderId}::uuid
          group by co.lot_id, co.body_id, b.name order by b.name`,
    ),
  ]);
  return maxima.map((m) => {
    const bodies = perBody
      .filter((b) => b.lotId === m.lotId)
      .map((b) => ({ bodyId: b.bodyId, name: b.name, calledOff: Number(b.quantity) }));
    return {
      lotId: m.lotId,
      number: m.number,
      title: m.title,
      maxQuantity: Number(m.max),
      bundledQuantity: Number(m.bundled),
      reserveBp: m.reserveBp,
      calledOff: bodies.reduce((s, b) => s + b.calledOff, 0),
      bodies,
    };
  });
}

export type CallOffYear = {
  year: number;
  callOffs: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
};

/** The call-offs of a tender per Haushaltsjahr: of one body, or (bodyId undefined) of all. */
export async function callOffYears({
  tenderId,
  bodyId,
}: {
  tenderId: string;
  bodyId?: string;
}): Promise<CallOffYear[]> {
  if (!isUuid(tenderId) || (bodyId !== undefined && !isUuid(bodyId))) return [];
  const db = await getDb();
  const rows = await queryRows<{ year: number; n: number; net: string; vat: string }>(
    db,
    sql`select budget_year as year, count(*)::int as n, sum(net_cents)::text as net,
               sum(vat_cents)::text as vat
        from call_offs where tender_id = ${tenderId}::uuid
          ${bodyId ? sql`and body_id = ${bodyId}::uuid` : sql``}
        group by budget_year order by budget_year`,
  );
  return rows.map((r) => ({
    year: Number(r.year),
    callOffs: Number(r.n),
    netCents: Number(r.net),
    vatCents: Number(r.vat),
    grossCents: Number(r.net) + Number(r.vat),
  }));
}

/** The awarded framework agreements a body takes part in, for its Beschaffer/in's start page. */
export async function listCallOffTenders({
  bodyId,
}: {
  bodyId: string;
}): Promise<{ tenderId: string; title: string; referenceNumber: string }[]> {
  if (!isUuid(bodyId)) return [];
  const db = await getDb();
  return queryRows(
    db,
    sql`select t.id as "tenderId", t.title, t.reference_number as "referenceNumber"
        from tenders t
        join tender_participants tp on tp.tender_id = t.id and tp.body_id = ${bodyId}::uuid
        where exists (select 1 from call_off_maxima m where m.tender_id = t.id)
        order by t.published_at desc, t.id`,
  );
}
