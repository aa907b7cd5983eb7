// The procedure advice (Verfahrensempfehlung) from the lots' estimated value, and the office's
// recorded choice with the advice as it was shown.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, eq } from "drizzle-orm";

import { type Executor, getDb } from "#db/client";
import { tenders } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { estimateLots, procedureDeparture } from "~/domain/lots";
import { adviseProcedure } from "~/domain/procedure";
import {
  type ProcedureChoice,
  procedureChoiceLabels,
  type TenderStatus,
} from "~/domain/vocabulary";

import { type Actor, editDraft } from "./draft-edit.server";
import { type TenderAdvice } from "./types";
import { loadLots } from "./lot-queries.server";
import { getTenderForLead } from "./tender-queries.server";

/** "2026-05-04" in Europe/Berlin: the day the advice is given for. */
export function berlinIsoDate(date: Date): string {
  return format(new TZDate(date.getTime(), "Europe/Berlin"), "yyyy-MM-dd");
}

export async function computeAdvice(
  db: Executor,
  tender: {
    id: string;
    leadBodyId: string;
    status: TenderStatus;
    framework: boolean;
    termMonths: number;
    land: string;
  },
  date: string,
): Promise<TenderAdvice> {
  const lotList = await loadLots(db, tender.id, tender.leadBodyId, tender.status);
  const estimates = estimateLots(
    lotList.map((l) => ({
      id: l.id,
      items: l.items.map((i) => ({
        quantity: i.bundledQuantity,
        referencePrice: i.referencePrice,
      })),
    })),
    tender,
  );
  const byId = new Map(estimates.map((e) => [e.id, e.estimatedNetCents]));
  return {
    date,
    land: tender.land,
    framework: tender.framework,
    termMonths: tender.termMonths,
    lots: lotList.map((l) => ({
      id: l.id,
      number: l.number,
      title: l.title,
      estimatedNetCents: byId.get(l.id)!,
    })),
    advice:
      estimates.length > 0 ? adviseProcedure({ land: tender.land, date, lots: estimates }) : null,
  };
}

/** The advice as the office sees it right now: computed live from the lots and the term. */
export async function tenderAdvice({
  tenderId,
  leadBodyId,
  date,
}: {
  tenderId: string;
  leadBodyId: string;
  /** ISO date the thresholds apply on; see `berlinIsoDate` */
  date: string;
}): Promise<TenderAdvice | undefined> {
  const tender = await getTenderForLead({ tenderId, leadBodyId });
  if (!tender) return undefined;
  return computeAdvice(await getDb(), tender, date);
}

/** What the audit record keeps of the advice shown at a decision. */
export function adviceSnapshot(a: TenderAdvice) {
  const numberOf = new Map(a.lots.map((l) => [l.id, l.number]));
  return {
    date: a.date,
    land: a.land,
    framework: a.framework,
    termMonths: a.termMonths,
    lots: a.lots.map((l) => ({
      number: l.number,
      title: l.title,
      estimatedNetCents: l.estimatedNetCents,
    })),
    ...(a.advice
      ? {
          totalNetCents: a.advice.totalNetCents,
          euThresholdCents: a.advice.euThresholdCents,
          euWide: a.advice.euWide,
          nationalLots: a.advice.nationalLotIds.map((id) => numberOf.get(id)),
          nationalProcedure:
            a.advice.nationalProcedure.status === "configured"
              ? {
                  label: a.advice.nationalProcedure.label,
                  advice: a.advice.nationalProcedure.advice,
                  rule: a.advice.nationalProcedure.rule.id,
                }
              : { message: a.advice.nationalProcedure.message },
          rule: { id: a.advice.rule.id, citation: a.advice.rule.source.citation },
        }
      : {}),
  };
}

/**
 * Records the procedure the office chose. A choice that departs from the advice needs a reason
 * of at least 10 characters; the event keeps the advice as it was shown at that moment.
 */
export async function recordProcedureChoice({
  procedure,
  reason,
  ...actor
}: Actor & { procedure: ProcedureChoice; reason: string }) {
  const now = actor.now ?? new Date();
  await editDraft({ ...actor, now }, "procedure_chosen", async (tx, tender) => {
    const advice = await computeAdvice(
      tx,
      { ...tender, leadBodyId: actor.leadBodyId },
      berlinIsoDate(now),
    );
    if (!advice.advice) throw new DomainError("Die Ausschreibung hat noch keine Lose.");
    const departure = procedureDeparture(procedure, advice.advice);
    const why = reason.trim();
    if (departure && why.length < 10)
      throw new DomainError(
        `${departure} Bitte begründen Sie die Abweichung (mindestens 10 Zeichen).`,
      );
    await tx
      .update(tenders)
      .set({ procedure, procedureReason: why })
      .where(and(eq(tenders.id, actor.tenderId), eq(tenders.leadBodyId, actor.leadBodyId)));
    return {
      data: {
        procedure,
        label: procedureChoiceLabels[procedure],
        ...(why ? { reason: why } : {}),
        departsFromAdvice: departure !== null,
        ...(departure ? { departure } : {}),
        advice: adviceSnapshot(advice),
      },
      result: undefined,
    };
  });
}
