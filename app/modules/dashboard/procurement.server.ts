// The Vergabestelle's work list: the rounds its body leads that are not yet bundled (by phase,
// with the share of invited bodies that answered), its tenders by stage with their next deadline,
// and what waits for its decision. Two statements driven by the lead's indexes (rounds_lead,
// tenders_lead_reference_unique). A national round's answer share is one probe per invitation
// into demand_lines' natural key (round, body, …): no scan of the round's million lines.
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { lifecycleStatusLabels } from "~/domain/lifecycle";
import { roundPhase } from "~/domain/round-phase";
import { answeredPercent, timeLeft } from "~/domain/time-left";
import { stagesAwaitingDecision, tenderStage } from "~/domain/tender-stage";
import { type RoundStatus, type TenderStatus } from "~/domain/vocabulary";
import { formatDeadline } from "~/kit/dates";

import { type Decision, type LeadRound, type LeadTender, type ProcurementSection } from "./types";

/** How many fully awarded tenders the start page keeps listing (newest first). */
export const AWARDED_TENDERS_SHOWN = 5;

const phaseOrder = { open: 0, scheduled: 1, draft: 2, closed: 3 } as const;
const stageOrder = [
  "offers-closed",
  "evaluation",
  "published",
  "draft",
  "awarded",
  "completed",
  "cancelled",
] as const;

export async function procurementSection({
  bodyId,
  now,
}: {
  bodyId: string;
  now: Date;
}): Promise<ProcurementSection> {
  const db = await getDb();
  const roundRows = await queryRows<{
    id: string;
    title: string;
    status: RoundStatus;
    opens_at: string | Date;
    deadline: string | Date;
    invited: number;
    answered: number;
  }>(
    db,
    sql`select r.id, r.title, r.status, r.opens_at, r.deadline, a.invited, a.answered
        from rounds r
        cross join lateral (
          select count(*)::int as invited,
                 count(*) filter (where ri.no_demand_at is not null or exists (
                   select 1 from demand_lines d
                   where d.round_id = ri.round_id and d.body_id = ri.body_id))::int as answered
          from round_invitations ri where ri.round_id = r.id
        ) a
        where r.lead_body_id = ${bodyId}::uuid
          and not exists (select 1 from tender_rounds tr where tr.round_id = r.id)
        order by r.deadline, r.title`,
  );
  const tenderRows = await queryRows<{
    id: string;
    title: string;
    reference_number: string;
    status: TenderStatus;
    submission_deadline: string | Date;
    lots: number;
    bids: number;
    awarded: number;
    last_award: string | Date | null;
  }>(
    db,
    sql`select t.id, t.title, t.reference_number, t.status, t.submission_deadline,
               x.lots, x.bids, x.awarded, x.last_award
        from tenders t
        cross join lateral (
          select count(*)::int as lots, count(a.lot_id)::int as awarded,
                 max(a.awarded_at) as last_award,
                 (select count(*)::int from lots bl join bids b on b.lot_id = bl.id
                   where bl.tender_id = t.id) as bids
          from lots l left join awards a on a.lot_id = l.id
          where l.tender_id = t.id
        ) x
        where t.lead_body_id = ${bodyId}::uuid and t.status <> 'cancelled'
        order by t.submission_deadline, t.title`,
  );

  const rounds = roundRows
    .map((r): LeadRound => {
      const deadline = new Date(r.deadline);
      return {
        id: r.id,
        title: r.title,
        phase: roundPhase({ status: r.status, opensAt: new Date(r.opens_at), deadline }, now),
        deadline: formatDeadline(deadline),
        timeLeft: timeLeft(deadline, now),
        invited: r.invited,
        answered: r.answered,
        silent: r.invited - r.answered,
        percent: answeredPercent(r.answered, r.invited),
      };
    })
    .sort((a, b) => phaseOrder[a.phase] - phaseOrder[b.phase]);

  const staged = tenderRows.map((t) => {
    const deadline = new Date(t.submission_deadline);
    const stage = tenderStage(
      {
        status: t.status,
        submissionDeadline: deadline,
        lots: t.lots,
        bids: t.bids,
        awardedLots: t.awarded,
      },
      now,
    );
    return { row: t, stage, deadline };
  });
  const awardedShown = new Set(
    staged
      .filter((t) => t.stage === "awarded")
      .sort(
        (a, b) =>
          new Date(b.row.last_award ?? 0).getTime() - new Date(a.row.last_award ?? 0).getTime(),
      )
      .slice(0, AWARDED_TENDERS_SHOWN)
      .map((t) => t.row.id),
  );
  const tenders = staged
    .filter((t) => t.stage !== "awarded" || awardedShown.has(t.row.id))
    .map(({ row, stage, deadline }): LeadTender => ({
      id: row.id,
      title: row.title,
      referenceNumber: row.reference_number,
      stage,
      next:
        stage === "draft" || stage === "published"
          ? {
              label: stage === "draft" ? "Angebotsfrist (geplant)" : "Angebotsfrist endet",
              when: formatDeadline(deadline),
              timeLeft: timeLeft(deadline, now),
            }
          : null,
    }))
    .sort((a, b) => stageOrder.indexOf(a.stage) - stageOrder.indexOf(b.stage));

  const decisions: Decision[] = [
    ...rounds
      .filter((r) => r.phase === "closed")
      .map((r) => ({
        key: `runde-${r.id}`,
        title: r.title,
        text: `Bedarfsabfrage abgeschlossen (Frist ${r.deadline}), noch in keiner Ausschreibung gebündelt.`,
        to: `/ausschreibungen/neu?runde=${r.id}`,
        action: "Ausschreibung bündeln",
      })),
    ...staged
      .filter((t) => stagesAwaitingDecision.includes(t.stage))
      .map(({ row, stage, deadline }) => ({
        key: `ausschreibung-${row.id}`,
        title: row.title,
        text: `${lifecycleStatusLabels[stage]}: Angebotsfrist endete am ${formatDeadline(deadline)}; ${row.awarded} von ${row.lots} ${row.lots === 1 ? "Los" : "Losen"} vergeben.`,
        to: `/ausschreibungen/${row.id}`,
        action: "Wertung und Zuschlag",
      })),
  ];
  return { role: "procurement", rounds, tenders, decisions };
}
