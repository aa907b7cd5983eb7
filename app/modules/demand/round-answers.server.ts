// The consolidation a round's lead reads: bundled quantities per item and the invited bodies'
// answers. Split from round.server.ts (the round's lifecycle) to keep each file to one concern.
import { and, eq, inArray, sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { demandLines } from "#db/schema";

import { type RoundAnswer } from "./forms";

/**
 * Consolidation: the bundled quantity and the number of demand lines per item of a round, for
 * its lead only (the join on rounds names the lead; anyone else gets no rows). One pass over
 * the round's lines grouped by item – the same work as a plain `GROUP BY item_id`; the item
 * names come from a hundred-row join afterwards. (Counting distinct bodies per item would sort
 * every line; at a million lines that is four times the whole aggregate, so the page counts
 * lines.)
 */
export async function roundTotals({
  roundId,
  leadBodyId,
}: {
  roundId: string;
  leadBodyId: string;
}) {
  const db = await getDb();
  const rows = await queryRows<{
    item_id: string;
    name: string;
    unit: string;
    cpv_code: string;
    reference_price: number;
    quantity: string | null;
    lines: number | null;
    tender_id: string | null;
    tender_reference: string | null;
    tender_title: string | null;
  }>(
    db,
    sql`
      select ri.item_id, c.name, c.unit, c.cpv_code, c.reference_price, t.quantity, t.lines,
        tt.id as tender_id, tt.reference_number as tender_reference, tt.title as tender_title
      from round_items ri
      join rounds r on r.id = ri.round_id and r.lead_body_id = ${leadBodyId}::uuid
      join catalogue_items c on c.id = ri.item_id
      left join (
        select item_id, sum(quantity)::bigint as quantity, count(*)::int as lines
        from demand_lines where round_id = ${roundId}::uuid
        group by item_id
      ) t on t.item_id = ri.item_id
      -- which tender took the item (each round item goes into at most one, decision 023)
      left join tender_round_items tri on tri.round_id = ri.round_id and tri.item_id = ri.item_id
      left join tenders tt on tt.id = tri.tender_id
      where ri.round_id = ${roundId}::uuid
      order by ri.position`,
  );
  return rows.map((r) => ({
    itemId: r.item_id,
    name: r.name,
    unit: r.unit,
    cpvCode: r.cpv_code,
    referencePrice: Number(r.reference_price),
    quantity: Number(r.quantity ?? 0),
    lines: Number(r.lines ?? 0),
    tender: r.tender_id
      ? { id: r.tender_id, referenceNumber: r.tender_reference!, title: r.tender_title! }
      : null,
  }));
}

const PARTICIPANT_PAGE_SIZE = 50;

/**
 * The invited bodies' answers for the lead: the counts of each answer and one page of bodies
 * (by name, optionally only one kind of answer or a name search), each with its number of
 * lines and last change. A national round invites ten thousand bodies: the page never lists
 * them all, and the per-body figures are computed for the listed page only. Only the round's
 * lead gets rows.
 */
export async function roundParticipants({
  roundId,
  leadBodyId,
  answer,
  search = "",
  page = 1,
  pageSize = PARTICIPANT_PAGE_SIZE,
}: {
  roundId: string;
  leadBodyId: string;
  answer?: RoundAnswer;
  search?: string;
  page?: number;
  pageSize?: number;
}) {
  const db = await getDb();
  const answered = sql`(
    select case
      when exists (select 1 from demand_lines d where d.round_id = ri.round_id and d.body_id = ri.body_id) then 'demand'
      when ri.no_demand_at is not null then 'no-demand'
      else 'silent' end)`;
  const ofLead = sql`join rounds r on r.id = ri.round_id and r.lead_body_id = ${leadBodyId}::uuid`;
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const [counts, rows] = await Promise.all([
    queryRows<{ answer: RoundAnswer; n: number }>(
      db,
      sql`select answer, count(*)::int as n from (
            select ${answered} as answer from round_invitations ri ${ofLead}
            where ri.round_id = ${roundId}::uuid
          ) a group by answer`,
    ),
    queryRows<{
      body_id: string;
      name: string;
      ags: string | null;
      answer: RoundAnswer;
      total: number;
    }>(
      db,
      sql`select *, count(*) over ()::int as total from (
            select b.id as body_id, b.name, b.ags, ${answered} as answer
            from round_invitations ri ${ofLead} join bodies b on b.id = ri.body_id
            where ri.round_id = ${roundId}::uuid
              and (${search} = '' or b.name ilike ${pattern} or b.ags like ${pattern})
          ) p
          where ${answer ?? null}::text is null or p.answer = ${answer ?? null}::text
          order by p.name, p.body_id
          limit ${pageSize} offset ${(page - 1) * pageSize}`,
    ),
  ]);
  const ids = rows.map((r) => r.body_id);
  const perBody = ids.length
    ? await db
        .select({
          bodyId: demandLines.bodyId,
          lines: sql<number>`count(*)::int`,
          lastChange: sql<Date>`max(${demandLines.updatedAt})`.mapWith(
            (v) => new Date(v as string),
          ),
        })
        .from(demandLines)
        .where(and(eq(demandLines.roundId, roundId), inArray(demandLines.bodyId, ids)))
        .groupBy(demandLines.bodyId)
    : [];
  const figures = new Map(perBody.map((p) => [p.bodyId, p]));
  const count = (a: RoundAnswer) => counts.find((c) => c.answer === a)?.n ?? 0;
  return {
    counts: {
      invited: counts.reduce((s, c) => s + c.n, 0),
      demand: count("demand"),
      noDemand: count("no-demand"),
      silent: count("silent"),
    },
    total: rows[0]?.total ?? 0,
    page,
    pageSize,
    rows: rows.map((r) => ({
      bodyId: r.body_id,
      name: r.name,
      ags: r.ags,
      answer: r.answer,
      lines: figures.get(r.body_id)?.lines ?? 0,
      lastChange: figures.get(r.body_id)?.lastChange ?? null,
    })),
  };
}
