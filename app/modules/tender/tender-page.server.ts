// The tender page (/ausschreibungen/:tenderId) as its route calls it: what the page shows, and
// its forms (basics, participants, bands of one lot, the procedure, publication) by intent.
import { data, redirect } from "@remix-run/node";

import { formatBerlinInstant, submissionMinimum } from "~/domain/deadlines";
import { DomainError } from "~/domain/errors";
import { nationwideHolidaysFrom } from "~/domain/holidays";
import { lotLabel } from "~/domain/lot-name";
import { parseBandStarts } from "~/domain/lots";
import { advisedChoice } from "~/domain/procedure-gate";
import { type ProcedureChoice, procedureChoiceLabels } from "~/domain/vocabulary";
import { type ConfirmationStep, confirmationNeeded } from "~/kit/confirmation";
import { toBerlinInput } from "~/kit/dates";
import { fieldErrorsOf, nestFormData, parseFormData } from "~/kit/http/parse-form.server";
import { readForm } from "~/kit/http/request-body.server";

import { lotCallOffStatus } from "~/modules/calloffs/index.server";

import { setBands } from "./bands.server";
import {
  bandsSchema,
  cancelLotSchema,
  lotStepSchema,
  participantsSchema,
  procedureSchema,
  settingsFieldsOf,
  settingsInputOf,
  tenderSettingsSchema,
  TENDER_CONFIRMATIONS,
} from "./forms";
import { requireLeadTender } from "./lead-tender.server";
import { changeLotStatus } from "./lifecycle-actions.server";
import { lifecycleView } from "./lifecycle-view.server";
import { listLots } from "./lot-queries.server";
import {
  berlinIsoDate,
  gateDecision,
  ProcedureRefused,
  recordProcedureChoice,
  storedDecision,
  tenderAdvice,
} from "./procedure.server";
import { publishTender } from "./publish.server";
import { listSharedCosts } from "./shared-costs.server";
import { listTenderParticipants } from "./tender-queries.server";
import { setParticipants, updateTenderSettings } from "./tender-settings.server";

export async function loadTenderPage(request: Request, tenderId: string | undefined) {
  const { user, tender } = await requireLeadTender(request, tenderId);
  const lead = { tenderId: tender.id, leadBodyId: user.bodyId };
  const now = new Date();
  const [lotList, participants, costs, advice, lifecycle, callOffs] = await Promise.all([
    listLots(lead),
    listTenderParticipants(lead),
    listSharedCosts(lead),
    // after publication: the thresholds of the publication day, as the record shows them
    tenderAdvice({ ...lead, date: berlinIsoDate(tender.publishedAt ?? now) }),
    lifecycleView({ ...tender, now }),
    tender.framework ? lotCallOffStatus({ tenderId: tender.id }) : [],
  ]);
  return {
    tender: {
      ...tender,
      submissionDeadline: tender.submissionDeadline.toISOString(),
      publishedAt: tender.publishedAt?.toISOString() ?? null,
      createdAt: tender.createdAt.toISOString(),
    },
    settings: settingsFieldsOf({
      ...tender,
      submissionDeadlineInput: toBerlinInput(tender.submissionDeadline),
    }),
    lots: lotList ?? [],
    participants: participants ?? [],
    costs,
    advice: advice!,
    callOffs,
    lifecycle: {
      ...lifecycle,
      lots: lifecycle.lots.map((l) => ({
        ...l,
        label: lotList?.find((x) => x.id === l.id)?.label ?? lotLabel(l),
      })),
    },
    ...(tender.status === "draft" ? draftChecks(tender, advice!, now) : {}),
  };
}

/**
 * Before publication: what the gate says about the stored choice on today's advice (lots or term
 * may have changed since), and the earliest deadline the chosen (or advised) procedure allows if
 * published now – the hint next to the deadline field.
 */
function draftChecks(
  tender: NonNullable<Awaited<ReturnType<typeof requireLeadTender>>>["tender"],
  advice: NonNullable<Awaited<ReturnType<typeof tenderAdvice>>>,
  now: Date,
) {
  const decision = storedDecision(tender);
  const gate = decision && advice.advice ? gateDecision(advice, decision) : null;
  const procedure: ProcedureChoice = decision?.procedure ?? advisedChoice(advice.advice);
  const minimum = (reason: string) =>
    submissionMinimum({
      procedure,
      sentAt: now,
      reason,
      nationalMinimumDays: tender.nationalDeadlineMinDays,
      holidays: nationwideHolidaysFrom(now),
    });
  let min;
  try {
    min = minimum(tender.deadlineReason);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    min = minimum(""); // a reason too thin to count: the full period applies
  }
  return {
    procedureProblems: gate && !gate.ok ? gate.problems : [],
    deadlineHint: `Mindestfrist für „${procedureChoiceLabels[procedure]}“${decision ? "" : " (empfohlen)"} bei Veröffentlichung heute: frühestens ${formatBerlinInstant(min.earliestDeadline)}. ${min.explanation}`,
  };
}

/** `values`: what was posted, so that a form refused without JavaScript comes back as entered. */
export type TenderPageResult = {
  intent: string;
  fieldErrors: Record<string, string>;
  message: string | null;
  /** the procedure gate's refusals, one German sentence or two each */
  problems: string[];
  values: Record<string, string>;
  /** Set when publishing was posted without confirmation: nothing was done. */
  confirmation?: ConfirmationStep;
};

export async function tenderPageAction(request: Request, tenderId: string | undefined) {
  const { user, tender } = await requireLeadTender(request, tenderId);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const values = Object.fromEntries(
    [...formData].flatMap(([k, v]) => (typeof v === "string" ? [[k, v.slice(0, 4000)]] : [])),
  );
  const fail = (
    intent: string,
    message: string | null,
    fieldErrors: Record<string, string> = {},
    problems: string[] = [],
  ) => data<TenderPageResult>({ intent, fieldErrors, message, problems, values }, { status: 400 });
  // Nothing was done yet: the page asks first (status 200, decision 028).
  const ask = (intent: string, confirmation: ConfirmationStep) =>
    data<TenderPageResult>({
      intent,
      fieldErrors: {},
      message: null,
      problems: [],
      values,
      confirmation,
    });
  const actor = { tenderId: tender.id, leadBodyId: user.bodyId, actorUserId: user.id };
  let anchor = "";
  try {
    if (intent === "settings") {
      const parsed = await parseFormData(request, tenderSettingsSchema, formData);
      if (!parsed.ok) return fail(intent, null, parsed.fieldErrors);
      await updateTenderSettings({ ...actor, input: settingsInputOf(parsed.data) });
      anchor = "empfehlung";
    } else if (intent === "participants") {
      const parsed = participantsSchema.safeParse({ intent, bodyIds: formData.getAll("bodyIds") });
      if (!parsed.success) return fail(intent, null, fieldErrorsOf(parsed.error));
      await setParticipants({ ...actor, bodyIds: parsed.data.bodyIds as string[] });
      anchor = "teilnehmende";
    } else if (intent === "bands") {
      const parsed = bandsSchema.safeParse(nestFormData(formData));
      if (!parsed.success) return fail(intent, "Ungültige Staffeln.");
      const names = new Map(
        (await listLots({ tenderId: tender.id, leadBodyId: user.bodyId }))!.flatMap((l) =>
          l.items.map((i) => [i.itemId, i.name]),
        ),
      );
      const fieldErrors: Record<string, string> = {};
      const bands = parsed.data.items.flatMap((item, i) => {
        try {
          const what = `„${names.get(item.itemId) ?? "Artikel"}“`;
          return [{ itemId: item.itemId, bandMinQty: parseBandStarts(item.bands, what) }];
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          fieldErrors[`${parsed.data.lotId}.items.${i}.bands`] = error.message;
          return [];
        }
      });
      if (Object.keys(fieldErrors).length > 0) return fail(intent, null, fieldErrors);
      await setBands({ ...actor, bands });
      anchor = "lose";
    } else if (intent === "procedure") {
      const parsed = await parseFormData(request, procedureSchema, formData);
      if (!parsed.ok) return fail(intent, null, parsed.fieldErrors);
      const { procedure, ground, justification, reason } = parsed.data;
      await recordProcedureChoice({ ...actor, procedure, ground, justification, reason });
      anchor = "verfahren";
    } else if (intent === "publish") {
      const confirmation = confirmationNeeded(formData, TENDER_CONFIRMATIONS.publish);
      if (confirmation) return ask(intent, confirmation);
      await publishTender(actor);
    } else if (intent === "lot-step") {
      const parsed = await parseFormData(request, lotStepSchema, formData);
      if (!parsed.ok) return fail(intent, "Ungültiger Schritt.", parsed.fieldErrors);
      await changeLotStatus({ ...actor, lotId: parsed.data.lotId, step: parsed.data.step });
      anchor = "stand";
    } else if (intent === "cancel") {
      const parsed = await parseFormData(request, cancelLotSchema, formData);
      if (!parsed.ok) return fail(intent, null, parsed.fieldErrors);
      const confirmation = confirmationNeeded(formData, TENDER_CONFIRMATIONS.cancel);
      if (confirmation) return ask(intent, confirmation);
      await changeLotStatus({ ...actor, ...parsed.data, step: "cancel" });
      anchor = "stand";
    } else {
      return fail(intent, "Unbekannte Aktion.");
    }
  } catch (error) {
    if (error instanceof ProcedureRefused) {
      return fail(intent, "Das gewählte Verfahren ist so nicht zulässig.", {}, error.problems);
    }
    if (error instanceof DomainError) {
      const field: Record<string, string> = intent === "procedure" ? { reason: error.message } : {};
      // an order the lifecycle refuses is a conflict with the tender's state
      if (intent === "lot-step" || intent === "cancel") {
        return data<TenderPageResult>(
          { intent, fieldErrors: {}, message: error.message, problems: [], values },
          { status: 409 },
        );
      }
      return fail(intent, intent === "procedure" ? null : error.message, field);
    }
    throw error;
  }
  throw redirect(`/ausschreibungen/${tender.id}${anchor ? `#${anchor}` : ""}`);
}
