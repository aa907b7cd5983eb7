// An awarded lot's stored lines with their cents, streamed in the engine's order: as objects
// (lotSplitLines) or as CSV rows formatted by PostgreSQL (lotCsvRows, decision 007).
import { type SQL, sql } from "drizzle-orm";

import { streamRows } from "#db/stream-rows";

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
export const lineNet = sql`(g.net_cents + coalesce(t.net_cents, 0))`;
export const lineVat = sql`(g.vat_cents + coalesce(t.vat_cents, 0))`;

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
