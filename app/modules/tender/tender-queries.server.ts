// Reads of the lead's tenders. Every query names the lead body: another body's tender is
// undefined.
import { and, asc, desc, eq, sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { bodies, qualityCriteria, rounds, tenderRounds, tenders } from "#db/schema";
import { isUuid } from "~/domain/ids";
import { roundPhase } from "~/domain/round-phase";

/** What `roundPhase` needs of a round, and its title for the refusal that names it. */
export const roundPhaseColumns = {
  id: rounds.id,
  title: rounds.title,
  status: rounds.status,
  opensAt: rounds.opensAt,
  deadline: rounds.deadline,
};

/** A tender's terms as the notice states them: read alike by the lead's page and the public one. */
export const tenderTermsColumns = {
  referenceNumber: tenders.referenceNumber,
  title: tenders.title,
  description: tenders.description,
  pricing: tenders.pricing,
  framework: tenders.framework,
  callOffReserveBp: tenders.callOffReserveBp,
  termMonths: tenders.termMonths,
  contractStart: tenders.contractStart,
  criteria: tenders.criteria,
  priceWeightBp: tenders.priceWeightBp,
  submissionDeadline: tenders.submissionDeadline,
  procedure: tenders.procedure,
  publishedAt: tenders.publishedAt,
};

export async function listTendersLedBy({ bodyId }: { bodyId: string }) {
  const db = await getDb();
  return db
    .select({
      id: tenders.id,
      referenceNumber: tenders.referenceNumber,
      title: tenders.title,
      status: tenders.status,
      submissionDeadline: tenders.submissionDeadline,
      publishedAt: tenders.publishedAt,
      lots: sql<number>`(select count(*)::int from lots l where l.tender_id = "tenders"."id")`,
      participants: sql<number>`(select count(*)::int from tender_participants tp where tp.tender_id = "tenders"."id")`,
    })
    .from(tenders)
    .where(eq(tenders.leadBodyId, bodyId))
    .orderBy(desc(tenders.createdAt));
}

export type TenderForLead = NonNullable<Awaited<ReturnType<typeof getTenderForLead>>>;

/** The tender as its lead sees it, with rounds and quality criteria; undefined for anyone else. */
export async function getTenderForLead({
  tenderId,
  leadBodyId,
}: {
  tenderId: string;
  leadBodyId: string;
}) {
  if (!isUuid(tenderId)) return undefined;
  const db = await getDb();
  const [row] = await db
    .select({
      id: tenders.id,
      leadBodyId: tenders.leadBodyId,
      leadBodyName: bodies.name,
      land: bodies.land,
      ...tenderTermsColumns,
      goodsBilling: tenders.goodsBilling,
      extensionMonths: tenders.extensionMonths,
      termReason: tenders.termReason,
      status: tenders.status,
      procedureReason: tenders.procedureReason,
      procedureGround: tenders.procedureGround,
      procedureJustification: tenders.procedureJustification,
      deadlineReason: tenders.deadlineReason,
      nationalDeadlineMinDays: bodies.nationalDeadlineMinDays,
      createdAt: tenders.createdAt,
    })
    .from(tenders)
    .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
    .where(and(eq(tenders.id, tenderId), eq(tenders.leadBodyId, leadBodyId)));
  if (!row) return undefined;
  const [roundList, criteria] = await Promise.all([
    db
      .select({ id: rounds.id, title: rounds.title, budgetYear: rounds.budgetYear })
      .from(tenderRounds)
      .innerJoin(rounds, eq(rounds.id, tenderRounds.roundId))
      .where(and(eq(tenderRounds.tenderId, tenderId), eq(rounds.leadBodyId, leadBodyId)))
      .orderBy(asc(rounds.title)),
    db
      .select({
        id: qualityCriteria.id,
        name: qualityCriteria.name,
        weightBp: qualityCriteria.weightBp,
      })
      .from(qualityCriteria)
      .innerJoin(tenders, eq(tenders.id, qualityCriteria.tenderId))
      .where(and(eq(qualityCriteria.tenderId, tenderId), eq(tenders.leadBodyId, leadBodyId)))
      .orderBy(asc(qualityCriteria.position)),
  ]);
  return { ...row, rounds: roundList, qualityCriteria: criteria };
}

type ParticipantRow = {
  id: string;
  name: string;
  ags: string | null;
  population: number;
  included: boolean;
  lines: number;
  is_lead: boolean;
};

/**
 * Bodies with demand in the tender's rounds and whether they take part (before publication),
 * or the participants (after it), with their line counts.
 */
export async function listTenderParticipants({
  tenderId,
  leadBodyId,
}: {
  tenderId: string;
  leadBodyId: string;
}) {
  const tender = await getTenderForLead({ tenderId, leadBodyId });
  if (!tender) return undefined;
  const db = await getDb();
  const query =
    tender.status === "draft"
      ? sql`select b.id, b.name, b.ags, b.population, b.id = ${leadBodyId}::uuid as is_lead,
                exists (select 1 from tender_participants tp where tp.tender_id = ${tenderId}::uuid and tp.body_id = b.id) as included,
                (select count(*)::int from demand_lines d join tender_rounds tr on tr.round_id = d.round_id and tr.tender_id = ${tenderId}::uuid where d.body_id = b.id) as lines
              from bodies b
              where b.id in (select d.body_id from demand_lines d join tender_rounds tr on tr.round_id = d.round_id and tr.tender_id = ${tenderId}::uuid)
                 or b.id in (select body_id from tender_participants where tender_id = ${tenderId}::uuid)
              order by b.name, b.id`
      : sql`select b.id, b.name, b.ags, b.population, b.id = ${leadBodyId}::uuid as is_lead, true as included,
                (select count(*)::int from tender_lines tl where tl.tender_id = ${tenderId}::uuid and tl.body_id = b.id) as lines
              from tender_participants tp join bodies b on b.id = tp.body_id
              where tp.tender_id = ${tenderId}::uuid
              order by b.name, b.id`;
  const rows = await queryRows<ParticipantRow>(db, query);
  return rows.map((r) => ({
    bodyId: r.id,
    name: r.name,
    ags: r.ags,
    population: Number(r.population),
    isLead: Boolean(r.is_lead),
    included: Boolean(r.included),
    lines: Number(r.lines),
  }));
}

/** Rounds the body leads that are closed (by status or past their deadline), with their demand. */
export async function listClosedRoundsLedBy({
  bodyId,
  now = new Date(),
}: {
  bodyId: string;
  now?: Date;
}) {
  const db = await getDb();
  const rows = await db
    .select({
      ...roundPhaseColumns,
      budgetYear: rounds.budgetYear,
      lines: sql<number>`(select count(*)::int from demand_lines d where d.round_id = "rounds"."id")`,
      bodies: sql<number>`(select count(distinct d.body_id)::int from demand_lines d where d.round_id = "rounds"."id")`,
      tenders: sql<number>`(select count(*)::int from tender_rounds tr where tr.round_id = "rounds"."id")`,
      taken: sql<number>`(select count(*)::int from tender_round_items tri where tri.round_id = "rounds"."id")`,
    })
    .from(rounds)
    .where(and(eq(rounds.leadBodyId, bodyId), sql`${rounds.status} <> 'draft'`))
    .orderBy(desc(rounds.deadline));
  // A round another tender took (its items, decision 023) cannot be bundled again.
  return rows
    .filter((r) => roundPhase(r, now) === "closed" && r.taken === 0)
    .map(({ opensAt: _opensAt, status: _status, taken: _taken, ...r }) => r);
}
