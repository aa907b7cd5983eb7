// The body's demand page (`/bedarf/:roundId`): one page of the round's items with the body's
// lines for them, and the totals of the lines on the other pages (issue 19, decision 032).
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { articleNumber, type StoredLine } from "~/domain/demand";
import { isUuid } from "~/domain/ids";
import { type RoundStatus } from "~/domain/vocabulary";
import { notFound } from "~/kit/http/responses.server";

import { DEMAND_PAGE_SIZE } from "./forms";

type PageState = {
  round: {
    id: string;
    leadBodyId: string;
    leadBodyName: string;
    title: string;
    description: string;
    budgetYear: number;
    status: RoundStatus;
    opensAt: string;
    deadline: string;
    originalDeadline: string | null;
    noDemandAt: string | null;
  } | null;
  items: {
    id: string;
    name: string;
    unit: string;
    cpvCode: string;
    referencePrice: number;
    place: number;
    itemCount: number;
  }[];
  lines: StoredLine[];
  elsewhere: { lines: number; cents: string; any: boolean };
};

/**
 * One page of the demand form: the published round the body is invited to (else the 404 page,
 * also for a malformed id), the items at places (page − 1) × 25 + 1 … in the round's order with
 * their article numbers, the body's lines for them, and how many lines with demand the body has
 * on the other pages and their value at reference prices (cents, as a decimal string).
 *
 * One statement, answered as one JSON value (issue 19, round 6): four statements through
 * drizzle and postgres.js cost the page more CPU than PostgreSQL's work for them.
 */
export async function loadDemandPage({
  roundId,
  bodyId,
  page,
}: {
  roundId: string;
  bodyId: string;
  page: number;
}) {
  if (!isUuid(roundId)) throw notFound();
  const db = await getDb();
  const [row] = await queryRows<{ state: string }>(
    db,
    sql`
      with r as (
        select r.id, r.lead_body_id, b.name as lead_body_name, r.title, r.description,
          r.budget_year, r.status, r.opens_at, r.deadline, r.original_deadline, i.no_demand_at
        from round_invitations i
        join rounds r on r.id = i.round_id
        join bodies b on b.id = r.lead_body_id
        where i.round_id = ${roundId}::uuid and i.body_id = ${bodyId}::uuid
          and r.status <> 'draft'
      ),
      p as (
        select ri.item_id, row_number() over (order by ri.position, ri.item_id) as place,
          count(*) over () as item_count
        from round_items ri
        where ri.round_id = (select id from r)
        order by ri.position, ri.item_id
        limit ${DEMAND_PAGE_SIZE} offset ${(page - 1) * DEMAND_PAGE_SIZE}
      ),
      own as (
        select d.* from demand_lines d
        where d.round_id = (select id from r) and d.body_id = ${bodyId}::uuid
      )
      select json_build_object(
        'round', (select json_build_object('id', r.id, 'leadBodyId', r.lead_body_id,
          'leadBodyName', r.lead_body_name, 'title', r.title, 'description', r.description,
          'budgetYear', r.budget_year, 'status', r.status, 'opensAt', r.opens_at,
          'deadline', r.deadline, 'originalDeadline', r.original_deadline,
          'noDemandAt', r.no_demand_at) from r),
        'items', (select coalesce(json_agg(json_build_object('id', c.id, 'name', c.name,
            'unit', c.unit, 'cpvCode', c.cpv_code, 'referencePrice', c.reference_price,
            'place', p.place, 'itemCount', p.item_count) order by p.place), '[]')
          from p join catalogue_items c on c.id = p.item_id),
        'lines', (select coalesce(json_agg(json_build_object('id', d.id, 'version', d.version,
            'itemId', d.item_id, 'quantity', d.quantity, 'costCentre', d.cost_centre,
            'product', d.product, 'ledgerAccount', d.ledger_account,
            'deliveryAddress', d.delivery_address, 'note', d.note)
            order by d.item_id, d.cost_centre), '[]')
          from own d where d.item_id in (select item_id from p)),
        -- Cents per line rounded half up, as the form computes them (quantity ≥ 0, price ≥ 0).
        'elsewhere', (select json_build_object(
            'lines', count(*) filter (where d.quantity > 0),
            'cents', coalesce(sum((d.quantity::bigint * c.reference_price + 50) / 100), 0)::text,
            'any', count(*) > 0)
          from own d join catalogue_items c on c.id = d.item_id
          where d.item_id not in (select item_id from p))
      )::text as state`,
  );
  const state = JSON.parse(row!.state) as PageState;
  if (!state.round) throw notFound();
  const { items } = state;
  if (items.length === 0 && page > 1) throw notFound();
  const { opensAt, deadline, originalDeadline, noDemandAt, ...round } = state.round;
  return {
    round: {
      ...round,
      opensAt: new Date(opensAt),
      deadline: new Date(deadline),
      originalDeadline: originalDeadline === null ? null : new Date(originalDeadline),
      noDemandAt: noDemandAt === null ? null : new Date(noDemandAt),
    },
    items: items.map(({ place, itemCount: _count, ...item }) => ({
      ...item,
      articleNumber: articleNumber(place),
    })),
    itemCount: items[0]?.itemCount ?? 0,
    lines: state.lines,
    elsewhere: state.elsewhere,
  };
}
