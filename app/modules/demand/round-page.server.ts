// The lead's round page (/runden/:roundId): what it shows, and the changes it makes to the
// round (basics while a draft, open, close, reopen with a reason).
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { roundPhase } from "~/domain/round-phase";
import { type ConfirmationStep, confirmationNeeded } from "~/kit/confirmation";
import { fromBerlinInput } from "~/kit/dates";
import { parseFormData } from "~/kit/http/parse-form.server";
import { readForm } from "~/kit/http/request-body.server";
import { pageParams } from "~/kit/pagination";
import { getBody } from "~/modules/access/index.server";

import { listRoundLinesForLead } from "./demand.server";
import {
  type AnswerFilter,
  answerFilters,
  reopenSchema,
  ROUND_CONFIRMATIONS,
  roundInputOf,
  roundSchema,
} from "./forms";
import { requireLeadRound } from "./round-guards.server";
import { roundParticipants, roundTotals } from "./round-answers.server";
import { changeRoundStatus, updateDraftRound } from "./round.server";

const isAnswerFilter = (v: string | null): v is AnswerFilter => !!v && v in answerFilters;

/** Everything the round page shows its lead: 404 for anyone else. */
export async function loadRoundPage(request: Request, roundId: string | undefined) {
  const { user, round } = await requireLeadRound(request, roundId);
  const url = new URL(request.url);
  const filter = url.searchParams.get("antwort");
  const answer: AnswerFilter | "" = isAnswerFilter(filter) ? filter : "";
  const search = (url.searchParams.get("suche") ?? "").trim().slice(0, 100);
  const { page } = pageParams(url);
  const selected = url.searchParams.get("koerperschaft");
  const [totals, participants, selectedLines] = await Promise.all([
    roundTotals({ roundId: round.id, leadBodyId: user.bodyId }),
    roundParticipants({
      roundId: round.id,
      leadBodyId: user.bodyId,
      answer: answer ? answerFilters[answer] : undefined,
      search,
      page,
    }),
    selected && isUuid(selected)
      ? listRoundLinesForLead({ roundId: round.id, leadBodyId: user.bodyId, bodyId: selected })
      : Promise.resolve([]),
  ]);
  const selectedBody =
    selectedLines.length > 0 ? await getBody({ id: selectedLines[0]!.bodyId }) : undefined;
  const itemNames = new Map(totals.map((t) => [t.itemId, t.name]));
  return {
    round: {
      id: round.id,
      title: round.title,
      description: round.description,
      budgetYear: round.budgetYear,
      opensAt: round.opensAt.toISOString(),
      deadline: round.deadline.toISOString(),
      originalDeadline: round.originalDeadline?.toISOString() ?? null,
      status: round.status,
    },
    phase: roundPhase(round, new Date()),
    participants: {
      ...participants,
      rows: participants.rows.map((p) => ({
        ...p,
        lastChange: p.lastChange?.toISOString() ?? null,
      })),
    },
    filter: { answer, search },
    totals: totals.map((t) => ({
      ...t,
      valueCents: String((BigInt(t.quantity) * BigInt(t.referencePrice) + 50n) / 100n),
    })),
    selectedBody: selectedBody ? { id: selectedBody.id, name: selectedBody.name } : null,
    lines: selectedLines.map((l) => ({ ...l, itemName: itemNames.get(l.itemId) ?? "" })),
  };
}

export type RoundPageRefusal = {
  intent: FormDataEntryValue | null;
  fieldErrors: Record<string, string>;
  message: string | null;
  /** Set when an irreversible step was posted without confirmation: nothing was done. */
  confirmation?: ConfirmationStep;
};

/**
 * One change from the round page, by the form's `intent`. The round's id when done (the page
 * redirects to it), or why not (the page answers 400 with it).
 */
export async function changeRoundFromPage(
  request: Request,
  roundId: string | undefined,
): Promise<{ ok: true; roundId: string } | { ok: false; refusal: RoundPageRefusal }> {
  const { user, round } = await requireLeadRound(request, roundId);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const refuse = (fieldErrors: Record<string, string>, message: string | null = null) =>
    ({ ok: false, refusal: { intent, fieldErrors, message } }) as const;
  const ask = (confirmation: ConfirmationStep) =>
    ({ ok: false, refusal: { intent, fieldErrors: {}, message: null, confirmation } }) as const;
  const base = { roundId: round.id, leadBodyId: user.bodyId, actorUserId: user.id };
  try {
    if (intent === "basics") {
      const parsed = await parseFormData(request, roundSchema, formData);
      if (!parsed.ok) return refuse(parsed.fieldErrors);
      await updateDraftRound({
        ...base,
        input: roundInputOf(parsed.data),
      });
    } else if (intent === "open" || intent === "close") {
      const confirmation = confirmationNeeded(formData, ROUND_CONFIRMATIONS[intent]);
      if (confirmation) return ask(confirmation);
      await changeRoundStatus({ ...base, transition: intent });
    } else if (intent === "reopen") {
      const parsed = await parseFormData(request, reopenSchema, formData);
      if (!parsed.ok) return refuse(parsed.fieldErrors);
      const confirmation = confirmationNeeded(formData, ROUND_CONFIRMATIONS.reopen);
      if (confirmation) return ask(confirmation);
      await changeRoundStatus({
        ...base,
        transition: "reopen",
        reason: parsed.data.reason,
        deadline: fromBerlinInput(parsed.data.deadline)!,
      });
    } else {
      return refuse({}, "Unbekannte Aktion.");
    }
  } catch (error) {
    if (error instanceof DomainError) return refuse({}, error.message);
    throw error;
  }
  return { ok: true, roundId: round.id };
}
