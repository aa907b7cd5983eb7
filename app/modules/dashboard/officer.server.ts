// The Beschaffer/in's work list: the open rounds the body is invited to (waiting for its answer,
// or answered and still changeable) and the tenders awarded with its share. Two statements, each
// driven by an index on the body (round_invitations_body, tender_participants_body); the per-round
// and per-lot figures are probes into primary keys, never a scan of the demand lines.
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { formatEuro } from "~/domain/money";
import { timeLeft } from "~/domain/time-left";
import { formatDeadline } from "~/kit/dates";

import { type AwardedToBody, type OfficerRound, type OfficerSection } from "./types";

/** How many awarded tenders the start page lists (newest first). */
export const AWARDED_LIMIT = 10;

export async function officerSection({
  bodyId,
  now,
}: {
  bodyId: string;
  now: Date;
}): Promise<OfficerSection> {
  const db = await getDb();
  const at = now.toISOString();
  const rounds = await queryRows<{
    id: string;
    title: string;
    lead: string;
    deadline: string | Date;
    no_demand: boolean;
    lines: number;
  }>(
    db,
    sql`select r.id, r.title, lb.name as lead, r.deadline, ri.no_demand_at is not null as no_demand,
               (select count(*)::int from demand_lines d
                 where d.round_id = ri.round_id and d.body_id = ri.body_id) as lines
        from round_invitations ri
        join rounds r on r.id = ri.round_id
        join bodies lb on lb.id = r.lead_body_id
        where ri.body_id = ${bodyId}::uuid and r.status = 'open'
          and r.opens_at <= ${at}::timestamptz and r.deadline > ${at}::timestamptz
        order by r.deadline, r.title`,
  );
  const awarded = await queryRows<{
    id: string;
    title: string;
    reference_number: string;
    lead: string;
    lots: number;
    awarded: number;
    gross: string | number;
    call_offs: boolean;
  }>(
    db,
    sql`select t.id, t.title, t.reference_number, lb.name as lead, x.lots, x.awarded, x.gross,
               exists (select 1 from call_off_maxima m where m.tender_id = t.id) as call_offs
        from tender_participants tp
        join tenders t on t.id = tp.tender_id and t.status = 'published'
        join bodies lb on lb.id = t.lead_body_id
        cross join lateral (
          select count(*)::int as lots, count(a.lot_id)::int as awarded,
                 coalesce(sum(sb.gross_cents), 0)::bigint as gross,
                 count(sb.lot_id)::int as split_lots, max(a.awarded_at) as last_award
          from lots l
          left join awards a on a.lot_id = l.id
          left join split_bodies sb on sb.lot_id = l.id and sb.body_id = ${bodyId}::uuid
          where l.tender_id = t.id
        ) x
        where tp.body_id = ${bodyId}::uuid and x.split_lots > 0
        order by x.last_award desc, t.title
        limit ${AWARDED_LIMIT}`,
  );
  const round = (r: (typeof rounds)[number]): OfficerRound => ({
    id: r.id,
    title: r.title,
    leadBodyName: r.lead,
    deadline: formatDeadline(r.deadline),
    timeLeft: timeLeft(new Date(r.deadline), now),
    lines: Number(r.lines),
    noDemand: Boolean(r.no_demand),
  });
  const all = rounds.map(round);
  return {
    role: "officer",
    waiting: all.filter((r) => r.lines === 0 && !r.noDemand),
    inProgress: all.filter((r) => r.lines > 0 || r.noDemand),
    awarded: awarded.map((t): AwardedToBody => ({
      id: t.id,
      title: t.title,
      referenceNumber: t.reference_number,
      leadBodyName: t.lead,
      awardedLots: Number(t.awarded),
      lots: Number(t.lots),
      share: formatEuro(BigInt(t.gross)),
      callOffs: Boolean(t.call_offs),
    })),
  };
}
