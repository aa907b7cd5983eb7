// The procedure advice (Verfahrensempfehlung) from the lots' estimated value over the whole
// contract (§ 3 VgV), and the office's choice as the procedure gate lets it through, with the
// advice as it was shown (decisions 015 and 021).
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, eq } from "drizzle-orm";

import { type Executor, getDb } from "#db/client";
import { tenders } from "#db/schema";
import { valuationBasisFor, valueLot } from "~/domain/contract-value";
import { DomainError } from "~/domain/errors";
import { adviseProcedure, findLandLimits } from "~/domain/procedure";
import { type GateResult, procedureGate } from "~/domain/procedure-gate";
import { type ProcedureChoice, type TenderStatus } from "~/domain/vocabulary";

import { type Actor, editDraft } from "./draft-edit.server";
import { type TenderAdvice } from "./types";
import { loadLots } from "./lot-queries.server";
import { getTenderForLead } from "./tender-queries.server";

/** "2026-05-04" in Europe/Berlin: the day the advice is given for. */
export function berlinIsoDate(date: Date): string {
  return format(new TZDate(date.getTime(), "Europe/Berlin"), "yyyy-MM-dd");
}

/**
 * The estimated value per lot by § 3 VgV – licences over the term (Abs. 11, at most 48 monthly
 * values), a framework over all call-offs of its term (Abs. 4), extensions included (Abs. 1) –
 * and the advice for their sum (Abs. 7).
 */
export async function computeAdvice(
  db: Executor,
  tender: {
    id: string;
    leadBodyId: string;
    status: TenderStatus;
    framework: boolean;
    termMonths: number;
    extensionMonths: readonly number[];
    land: string;
  },
  date: string,
): Promise<TenderAdvice> {
  const lotList = await loadLots(db, tender.id, tender.leadBodyId, tender.status);
  const valued = lotList.map((l) => ({
    lot: l,
    value: valueLot(
      {
        id: l.id,
        items: l.items.map((i) => ({
          quantity: i.bundledQuantity,
          referencePrice: i.referencePrice,
        })),
      },
      valuationBasisFor({
        category: l.category,
        framework: tender.framework,
        termMonths: tender.termMonths,
        extensionMonths: tender.extensionMonths,
      }),
    ),
  }));
  return {
    date,
    land: tender.land,
    framework: tender.framework,
    termMonths: tender.termMonths,
    extensionMonths: [...tender.extensionMonths],
    lots: valued.map(({ lot, value }) => ({
      id: lot.id,
      number: lot.number,
      title: lot.title,
      estimatedNetCents: value.estimatedNetCents,
      countedMonths: value.countedMonths,
      citation: value.citation,
      explanation: value.explanation,
    })),
    advice:
      valued.length > 0
        ? adviseProcedure({
            land: tender.land,
            date,
            lots: valued.map(({ value }) => ({
              id: value.id,
              estimatedNetCents: value.estimatedNetCents,
            })),
          })
        : null,
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
    extensionMonths: a.extensionMonths,
    lots: a.lots.map((l) => ({
      number: l.number,
      title: l.title,
      estimatedNetCents: l.estimatedNetCents,
      countedMonths: l.countedMonths,
      citation: l.citation,
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
                  verified: a.advice.nationalProcedure.verified,
                }
              : { message: a.advice.nationalProcedure.message },
          rule: { id: a.advice.rule.id, citation: a.advice.rule.source.citation },
        }
      : {}),
  };
}

export type ProcedureDecision = {
  procedure: ProcedureChoice;
  /** exception ground id (exception-grounds.ts), "" for none */
  ground: string;
  /** why the ground applies, or which Land rule allows the procedure */
  justification: string;
  /** why the choice departs from the advice */
  reason: string;
};

/** The procedure gate for a decision on the tender's advice (the Land's row on that date). */
export function gateDecision(advice: TenderAdvice, decision: ProcedureDecision): GateResult {
  if (!advice.advice) throw new DomainError("Die Ausschreibung hat noch keine Lose.");
  return procedureGate({
    estimatedValue: advice.advice.totalNetCents,
    chosenProcedure: decision.procedure,
    advice: advice.advice,
    landRow: findLandLimits(advice.land, advice.date),
    ...(decision.ground ? { ground: decision.ground } : {}),
    ...(decision.justification.trim() ? { justification: decision.justification } : {}),
    ...(decision.reason.trim() ? { deviationReason: decision.reason } : {}),
  });
}

/** A refusal of the gate: the German problems, each one sentence or two. */
export class ProcedureRefused extends DomainError {
  constructor(readonly problems: string[]) {
    super(`Das gewählte Verfahren ist so nicht zulässig: ${problems.join(" ")}`);
  }
}

/** The audit payload of a gate record, with German labels for the Vergabevermerk. */
function gatePayload(record: Extract<GateResult, { ok: true }>["record"]) {
  return {
    procedure: record.procedure,
    label: record.procedureLabel,
    estimatedValueCents: record.estimatedValueCents,
    ground: record.ground
      ? {
          id: record.ground.id,
          citation: record.ground.citation,
          label: record.ground.label,
          checked: record.ground.checked,
        }
      : null,
    justification: record.justification,
    deviation: record.deviation,
    landRule: record.landRule,
    notes: record.notes,
    // The same, as the Vergabevermerk prints it.
    vermerk: {
      Verfahren: record.procedureLabel,
      ...(record.ground
        ? { Ausnahmegrund: `${record.ground.citation}: ${record.ground.label}` }
        : {}),
      ...(record.justification ? { Begründung: record.justification } : {}),
      ...(record.deviation
        ? {
            "Abweichung von der Empfehlung": `Empfohlen: ${record.deviation.advised}. Begründung: ${record.deviation.reason}`,
          }
        : {}),
      ...(record.notes.length > 0 ? { Hinweise: record.notes.join(" ") } : {}),
    },
  };
}

/**
 * Records the procedure the office chose, if the gate lets it through: a procedure the estimated
 * value does not allow needs a ground from the law's list plus a justification, a Direktauftrag
 * above the Land's limit and a national procedure at or above the EU threshold are refused, and
 * any departure from the advice needs a reason. The event `tender.procedure_chosen` keeps the
 * ground, the justification and the advice as it was shown.
 */
export async function recordProcedureChoice({
  procedure,
  ground = "",
  justification = "",
  reason,
  ...actor
}: Actor & Omit<ProcedureDecision, "ground" | "justification"> & Partial<ProcedureDecision>) {
  const now = actor.now ?? new Date();
  await editDraft({ ...actor, now }, "procedure_chosen", async (tx, tender) => {
    const advice = await computeAdvice(
      tx,
      { ...tender, leadBodyId: actor.leadBodyId },
      berlinIsoDate(now),
    );
    const gate = gateDecision(advice, { procedure, ground, justification, reason });
    if (!gate.ok) throw new ProcedureRefused(gate.problems);
    const { record } = gate;
    await tx
      .update(tenders)
      .set({
        procedure,
        procedureReason: record.deviation?.reason ?? "",
        procedureGround: record.ground?.id ?? null,
        procedureJustification: record.justification ?? "",
      })
      .where(and(eq(tenders.id, actor.tenderId), eq(tenders.leadBodyId, actor.leadBodyId)));
    return {
      data: {
        ...gatePayload(record),
        ...(record.deviation ? { reason: record.deviation.reason } : {}),
        departsFromAdvice: record.deviation !== null,
        advice: adviceSnapshot(advice),
      },
      result: undefined,
    };
  });
}

/** The stored decision of a locked tender, checked again against the advice of `now`. */
export function storedDecision(tender: {
  procedure: string | null;
  procedureGround: string | null;
  procedureJustification: string;
  procedureReason: string;
}): ProcedureDecision | null {
  if (!tender.procedure) return null;
  return {
    procedure: tender.procedure as ProcedureChoice,
    ground: tender.procedureGround ?? "",
    justification: tender.procedureJustification,
    reason: tender.procedureReason,
  };
}
