// An awarded lot's stored lines with their cents, streamed in the engine's order: as objects
// (lotSplitLines) or as CSV rows written by PostgreSQL (lotCsvRows, decisions 007 and 041).
import { type SQL, sql } from "drizzle-orm";

import { copyCsv, type PlannerSettings, streamRows } from "#db/stream-rows";
import { type budgetYearTable } from "~/domain/cost-split-groups";
import { type DemandFields } from "~/domain/demand";

import { arrayParam } from "./split-input.server";

/** A line of the split with its cents and what the exports show of it. */
export type PlannedLine = Omit<DemandFields, "note"> & {
  ref: string;
  bodyId: string;
  netCents: number;
  vatCents: number;
};

/** The engine's line order (body, item, cost centre, ref as text); `l` is the lot's lines. */
const lineOrder = sql`l.body_id, l.item_id, l.cost_centre collate "C", l.id::text collate "C"`;

/** The joins that give a line `l` its stored cents: its group's (`g`) and a tie cent (`t`). */
const lineJoins = sql`join split_groups g on g.lot_id = l.lot_id and g.item_id = l.item_id and g.quantity = l.quantity
                      left join split_tie_cents t on t.lot_id = l.lot_id and t.line_id = l.id`;
export const lineNet = sql`(g.net_cents + coalesce(t.net_cents, 0))`;
export const lineVat = sql`(g.vat_cents + coalesce(t.vat_cents, 0))`;

/**
 * Planner settings for a whole lot's lines (the lead's files): right after the award the
 * statistics of tender_lines and the split tables can still say "empty", and the planner then
 * joined every line by nested loops, re-reading the lot's items per line (measured at 76,000
 * lines: 6.8 s instead of 1.1 s, the sort spilled to disk). Hash joins and room for the sort are
 * right for every lot size, as for the split's own statement (split-statement.server.ts). One
 * body's lines (a few hundred) keep the planner's choice.
 */
const wholeLot = (bodyId: string | undefined): PlannerSettings | undefined =>
  bodyId === undefined
    ? { enable_nestloop: "off", enable_mergejoin: "off", jit: "off", work_mem: "128MB" }
    : undefined;

/**
 * A line as the database gives it, no object per line on the way (the lead's file writes these
 * straight away): cents as numbers; its id and delivery address only when asked for (`full`),
 * since the lead's file does not show them.
 */
export type LineRow = {
  body_id: string;
  item_id: string;
  quantity: number;
  cost_centre: string;
  product: string;
  ledger_account: string;
  net: number;
  vat: number;
  ref?: string;
  delivery_address?: string;
};

/**
 * An awarded lot's lines with their stored cents, in the engine's order, batch by batch from one
 * query (streamRows: a cursor on PostgreSQL). `bodyId` narrows it to one body.
 */
export function lotLineRows({
  lotId,
  bodyId,
  batch = 5_000,
  full = false,
}: {
  lotId: string;
  bodyId?: string;
  batch?: number;
  full?: boolean;
}): AsyncGenerator<LineRow[]> {
  // float8: exact for whole cents below 2^53, and both drivers hand it over as a number
  return streamRows<LineRow>(
    sql`select l.body_id::text as body_id, l.item_id::text as item_id, l.quantity, l.cost_centre,
               l.product, l.ledger_account, ${lineNet}::float8 as net, ${lineVat}::float8 as vat
               ${full ? sql`, l.id::text as ref, l.delivery_address` : sql``}
          from tender_lines l
          ${lineJoins}
         where l.lot_id = ${lotId} ${bodyId === undefined ? sql`` : sql`and l.body_id = ${bodyId}`}
         order by ${lineOrder}`,
    batch,
    // the lead's files only: `full` rows serve one body's file and the split's property tests,
    // which read many tiny lots (their plans stay the planner's)
    full ? undefined : wholeLot(bodyId),
  );
}

/** The same lines as `PlannedLine`s (one body's file, the tests). */
export async function* lotSplitLines(options: {
  lotId: string;
  bodyId?: string;
  batch?: number;
}): AsyncGenerator<PlannedLine[]> {
  for await (const chunk of lotLineRows({ ...options, full: true })) {
    yield chunk.map((r) => ({
      ref: r.ref!,
      bodyId: r.body_id,
      itemId: r.item_id,
      quantity: Number(r.quantity),
      costCentre: r.cost_centre,
      product: r.product,
      ledgerAccount: r.ledger_account,
      deliveryAddress: r.delivery_address!,
      netCents: r.net,
      vatCents: r.vat,
    }));
  }
}

/**
 * User text as the CSV writer guards it (guardSpreadsheetText): a formula's first character
 * (`=`, `+`, `-`, `@`, tab, CR, `'` by code point; `ascii` costs less per line than `left`).
 */
const csvGuard = (column: SQL) =>
  sql`(case when ascii(${column}) in (61, 43, 45, 64, 9, 13, 39)
            then '''' || ${column} else ${column} end)`;

/** Cents as "1234,56" (decimal comma, two places, no thousands separator), as csvCents writes them. */
const csvCentsSql = (cents: SQL) => sql`replace((${cents} * 0.01)::text, '.', ',')`;

/** A lot's budget years for its CSV rows: one year, or a licence term's table (budgetYearTable). */
export type CsvYears = number | { table: ReturnType<typeof budgetYearTable>; termMonths: number };

/** An item's fields in the CSV, as text (user text already guarded, numbers formatted). */
export type CsvItemFields = {
  name: string;
  cpv: string;
  unit: string;
  price: string;
  rate: string;
};

/**
 * An awarded lot's lines as CSV rows, written by PostgreSQL's COPY (copyCsv, decision 041): the
 * columns of CSV_COLUMNS, `;`, CRLF. The same cents as lotSplitLines, the same order. `lot` and
 * `items` are the fields the caller formats (the lot's label, per item its name, CPV, unit, unit
 * price and VAT rate); the body's name and AGS and the line's cost centre, product and ledger
 * account are guarded here, COPY quotes what needs quotes. A licence line is written once per
 * budget year of its term (`years` a table): gross and net spread by month as lineYears spreads
 * them, VAT = gross − net, the Haushaltsjahr a number on every row.
 *
 * The lines are sorted with their fields as they are and formatted after the sort (the outer
 * ORDER BY is the sorted subquery's, so PostgreSQL sorts once): sorting the formatted rows moved
 * about twice the bytes. `l.id` sorts as `lineOrder`'s `l.id::text collate "C"` does (a uuid
 * compares byte by byte, its text is those bytes in fixed-width lower-case hex). Empty text goes out as NULL (COPY writes `""` for an empty string).
 */
export function lotCsvRows(
  lotId: string,
  {
    bodyId,
    lot: lotName,
    items,
    years,
    billedBy,
  }: {
    bodyId?: string;
    /** the "Los" field */
    lot: string;
    items: Map<string, CsvItemFields>;
    years: CsvYears;
    /** the last field, "Rechnung durch" */
    billedBy: string;
  },
): AsyncGenerator<{ bytes: Uint8Array; rows: number }> {
  const itemRows = JSON.stringify([...items].map(([i, f]) => ({ i, ...f })));
  const lot = sql`${lotId}::uuid`;
  const oneBody = bodyId === undefined ? sql`` : sql`and body_id = ${bodyId}::uuid`;
  // Per budget year j (1-based) of a term of M months over Y years: a total T spreads to
  // (T div M) × months[j] + rest[T mod M][j] (budgetYearTable), for gross and net alike.
  const t = typeof years === "number" ? undefined : years;
  const m = t?.termMonths ?? 1;
  const y = t?.table.years.length ?? 1;
  // A parameter is `current_setting(…)` (copyCsv), read and cast on every line unless it stands
  // in a scalar subquery of its own, which PostgreSQL evaluates once (an InitPlan).
  const once = (value: SQL) => sql`(select ${value})`;
  const perYear = (total: SQL) =>
    t
      ? sql`((${total}) / ${m}::int8) * ${once(sql`${arrayParam(t.table.months)}::int8[]`)}[yy.j]
            + ${once(sql`${arrayParam(t.table.rest.flat())}::int8[]`)}[((${total}) % ${m}::int8) * ${y}::int8 + yy.j]`
      : total;
  const yearOf = t
    ? sql`${once(sql`${arrayParam(t.table.years)}::int[]`)}[yy.j]`
    : once(sql`${years as number}::int`);
  const text = (value: SQL) => sql`nullif(${value}, '')`;
  return copyCsv(
    sql`with it as (select * from jsonb_to_recordset(${itemRows}::jsonb)
                      as it(i uuid, name text, cpv text, unit text, price text, rate text)),
             bq as materialized (
               select b.id, ${csvGuard(sql`b.name`)} as name, ${csvGuard(sql`coalesce(b.ags, '')`)} as ags
                 from bodies b
                where b.id in (select body_id from split_bodies where lot_id = ${lot} ${oneBody}))
        select ${text(sql`s.body_name`)}, ${text(sql`s.ags`)}, ${once(text(sql`${lotName}::text`))}, 'Ware',
               ${text(sql`s.name`)}, ${text(sql`s.cpv`)}, s.quantity, ${text(sql`s.unit`)},
               ${text(sql`s.price`)}, ${csvCentsSql(sql`s.net`)}, ${text(sql`s.rate`)},
               ${csvCentsSql(sql`(s.gross - s.net)`)}, ${csvCentsSql(sql`s.gross`)},
               ${text(csvGuard(sql`s.cost_centre`))}, ${text(csvGuard(sql`s.product`))},
               ${text(csvGuard(sql`s.ledger_account`))}, s.year, ${once(text(sql`${billedBy}::text`))}
          from (select bq.name as body_name, bq.ags, it.name, it.cpv, it.unit, it.price, it.rate,
                       l.quantity, l.cost_centre, l.product, l.ledger_account, ${yearOf} as year,
                       ${perYear(lineNet)} as net, ${perYear(sql`${lineNet} + ${lineVat}`)} as gross,
                       l.body_id, l.item_id, l.id ${t ? sql`, yy.j` : sql``}
                  from tender_lines l
                  join it on it.i = l.item_id
                  ${lineJoins}
                  join bq on bq.id = l.body_id
                  ${t ? sql`cross join generate_series(1, ${y}::int) as yy(j)` : sql``}
                 where l.lot_id = ${lot} ${bodyId === undefined ? sql`` : sql`and l.body_id = ${bodyId}::uuid`}
                 order by l.body_id, l.item_id, l.cost_centre collate "C", l.id ${t ? sql`, yy.j` : sql``}) s
         order by s.body_id, s.item_id, s.cost_centre collate "C", s.id ${t ? sql`, s.j` : sql``}`,
    wholeLot(bodyId),
  );
}

/** Kostenstelle, Produkt and Sachkonto of a row. */
export type Accounts = { costCentre: string; product: string; ledgerAccount: string };
/** per lot id, per body id: the accounts its shared-cost rows carry */
export type ShareAccounts = Map<string, Map<string, Accounts>>;

/**
 * Where a body books its share of a lot's shared costs: a share has no demand line of its own,
 * so it takes the Kostenstelle, Produkt and Sachkonto of the body's line with the largest net in
 * the lot (equal nets: the first in the engine's line order) – decision 022.
 */
export async function lotShareAccounts(
  lotId: string,
  bodyId?: string,
): Promise<Map<string, Accounts>> {
  const result = new Map<string, Accounts>();
  for await (const rows of streamRows<{
    body_id: string;
    cost_centre: string;
    product: string;
    ledger_account: string;
  }>(
    sql`select distinct on (l.body_id) l.body_id::text as body_id, l.cost_centre, l.product,
               l.ledger_account
          from tender_lines l
          ${lineJoins}
         where l.lot_id = ${lotId} ${bodyId === undefined ? sql`` : sql`and l.body_id = ${bodyId}`}
         order by l.body_id, ${lineNet} desc, l.item_id, l.cost_centre collate "C", l.id::text collate "C"`,
    5_000,
    wholeLot(bodyId),
  )) {
    for (const r of rows) {
      result.set(r.body_id, {
        costCentre: r.cost_centre,
        product: r.product,
        ledgerAccount: r.ledger_account,
      });
    }
  }
  return result;
}
