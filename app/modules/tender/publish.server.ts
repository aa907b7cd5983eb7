// Publication: the checks, the frozen snapshot of every participant's lines and of the
// catalogue fields, and the lock on lots and bands.
import { and, eq, sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { catalogueItems, lotItems, rounds, tenderRounds, tenders } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { checkSubmissionDeadline } from "~/domain/deadlines";
import { nationwideHolidaysFrom } from "~/domain/holidays";
import { roundPhase } from "~/domain/round-phase";
import { recordAuditEvent } from "~/modules/audit/index.server";
import { queueTenderPublished } from "~/modules/mail/index.server";

import { type Actor, lockTender } from "./draft-edit.server";
import { loadLotSteps } from "./lifecycle.server";
import {
  adviceSnapshot,
  berlinIsoDate,
  computeAdvice,
  gateDecision,
  ProcedureRefused,
  storedDecision,
} from "./procedure.server";
import { freezeTenderedItems, holdTenderedItems } from "./tendered-item.server";
import { roundPhaseColumns } from "./tender-queries.server";

/**
 * Publishes in one transaction: checks, then freezes every participant's lines of the lots'
 * items with one INSERT … SELECT (no per-row loop: this must scale to a national round), sets
 * the bundled quantities from them with one UPDATE … FROM, and locks lots and bands.
 */
export async function publishTender({
  tenderId,
  leadBodyId,
  actorUserId,
  now = new Date(),
}: Actor): Promise<{ lines: number; items: number }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const tender = await lockTender(tx, tenderId, leadBodyId, { draftOnly: false });
    if (tender.status !== "draft")
      throw new DomainError("Die Ausschreibung ist bereits veröffentlicht.");
    const decision = storedDecision(tender);
    if (!decision) throw new DomainError("Bitte wählen Sie zuerst das Vergabeverfahren.");
    if (tender.submissionDeadline.getTime() <= now.getTime())
      throw new DomainError(
        "Die Angebotsfrist ist verstrichen; bitte setzen Sie eine Frist in der Zukunft.",
      );
    // VgV §§ 15–17 above the threshold, the office's minimum below it (decision 021).
    const tooShort = checkSubmissionDeadline({
      procedure: decision.procedure,
      sentAt: now,
      deadline: tender.submissionDeadline,
      reason: tender.deadlineReason,
      nationalMinimumDays: tender.nationalDeadlineMinDays,
      holidays: nationwideHolidaysFrom(now),
    });
    if (tooShort) throw new DomainError(tooShort);

    // The rounds stay closed while we read them: a concurrent reopen waits for this snapshot.
    const roundRows = await tx
      .select(roundPhaseColumns)
      .from(rounds)
      .innerJoin(
        tenderRounds,
        and(eq(tenderRounds.roundId, rounds.id), eq(tenderRounds.tenderId, tenderId)),
      )
      .where(eq(rounds.leadBodyId, leadBodyId))
      .for("share", { of: rounds });
    for (const round of roundRows) {
      if (roundPhase(round, now) !== "closed")
        throw new DomainError(
          `Die Bedarfsabfrage „${round.title}“ ist wieder geöffnet; bitte schließen Sie sie vor der Veröffentlichung.`,
        );
    }
    const [counts] = await queryRows<{
      lots: number;
      empty_lots: number;
      participants: number;
      no_bands: number;
    }>(
      tx,
      sql`select
            (select count(*)::int from lots where tender_id = ${tenderId}::uuid) as lots,
            (select count(*)::int from lots l where l.tender_id = ${tenderId}::uuid
               and not exists (select 1 from lot_items li where li.lot_id = l.id)) as empty_lots,
            (select count(*)::int from tender_participants where tender_id = ${tenderId}::uuid) as participants,
            (select count(*)::int from lot_items where tender_id = ${tenderId}::uuid
               and coalesce(array_length(band_min_qty, 1), 0) = 0) as no_bands`,
    );
    if (!counts || counts.lots === 0) throw new DomainError("Die Ausschreibung hat keine Lose.");
    if (counts.empty_lots > 0) throw new DomainError("Jedes Los braucht mindestens einen Artikel.");
    if (counts.participants === 0)
      throw new DomainError("Mindestens eine Körperschaft muss teilnehmen.");
    if (counts.no_bands > 0) throw new DomainError("Jeder Artikel braucht Preisstaffeln.");

    await holdTenderedItems(tx, tenderId);
    // The choice must still fit the advice for what is published now (lots or term may have changed).
    const advice = await computeAdvice(
      tx,
      { ...tender, id: tenderId, leadBodyId },
      berlinIsoDate(now),
    );
    const gate = gateDecision(advice, decision);
    if (!gate.ok) {
      throw new ProcedureRefused([
        ...gate.problems,
        "Lose, Mengen oder Laufzeit haben sich seit der Verfahrenswahl geändert; bitte wählen Sie das Verfahren erneut.",
      ]);
    }

    await tx.execute(sql`
      insert into tender_lines (tender_id, lot_id, body_id, item_id, source_line_id, quantity,
        cost_centre, product, ledger_account, delivery_address, note)
      select ${tenderId}::uuid, li.lot_id, d.body_id, d.item_id, d.id, d.quantity,
        d.cost_centre, d.product, d.ledger_account, d.delivery_address, d.note
      from demand_lines d
      join tender_rounds tr on tr.round_id = d.round_id and tr.tender_id = ${tenderId}::uuid
      join tender_participants tp on tp.tender_id = ${tenderId}::uuid and tp.body_id = d.body_id
      join lot_items li on li.tender_id = ${tenderId}::uuid and li.item_id = d.item_id`);
    const frozen = await queryRows<{ item_id: string; lines: number }>(
      tx,
      sql`
        update lot_items li set bundled_quantity = s.quantity
        from (select item_id, sum(quantity)::bigint as quantity, count(*)::int as lines
              from tender_lines where tender_id = ${tenderId}::uuid group by item_id) s
        where li.tender_id = ${tenderId}::uuid and li.item_id = s.item_id
        returning li.item_id, s.lines`,
    );
    const missing = await tx
      .select({ name: catalogueItems.name })
      .from(lotItems)
      .innerJoin(catalogueItems, eq(catalogueItems.id, lotItems.itemId))
      .where(and(eq(lotItems.tenderId, tenderId), sql`${lotItems.bundledQuantity} is null`));
    if (missing.length > 0) {
      throw new DomainError(
        `Für ${missing.map((m) => `„${m.name}“`).join(", ")} meldet keine teilnehmende Körperschaft Bedarf; bitte nehmen Sie den Artikel aus dem Los.`,
      );
    }
    await freezeTenderedItems(tx, tenderId);
    await tx
      .update(tenders)
      .set({ status: "published", publishedAt: now })
      .where(and(eq(tenders.id, tenderId), eq(tenders.leadBodyId, leadBodyId)));
    const lines = frozen.reduce((s, r) => s + Number(r.lines), 0);
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: leadBodyId,
      action: "tender.published",
      subjectType: "tender",
      subjectId: tenderId,
      data: {
        lines,
        items: frozen.length,
        participants: counts.participants,
        procedure: tender.procedure,
        ...(gate.record.ground
          ? { ground: gate.record.ground.id, justification: gate.record.justification }
          : {}),
        submissionDeadline: tender.submissionDeadline.toISOString(),
        ...(tender.deadlineReason ? { deadlineReason: tender.deadlineReason } : {}),
        advice: adviceSnapshot(advice),
      },
    });
    // Each lot steps from Entwurf to Veröffentlicht, with its event (decision 023).
    const { lots, step } = await loadLotSteps(tx, {
      tenderId,
      leadBodyId,
      actorUserId,
      procedure: tender.procedure,
      now,
    });
    for (const lot of lots) await step(lot, { type: "publish" });
    await queueTenderPublished(tx, { tenderId, now });
    return { lines, items: frozen.length };
  });
}
