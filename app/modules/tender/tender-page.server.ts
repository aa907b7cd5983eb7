// The tender page (/ausschreibungen/:tenderId) as its route calls it: what the page shows, and
// its forms (basics, participants, bands of one lot, the procedure, publication) by intent.
import { data, redirect } from "@remix-run/node";

import { DomainError } from "~/domain/errors";
import { parseBandStarts } from "~/domain/lots";
import { type ConfirmationStep, confirmationNeeded } from "~/kit/confirmation";
import { toBerlinInput } from "~/kit/dates";
import { fieldErrorsOf, nestFormData, parseFormData } from "~/kit/http/parse-form.server";
import { readForm } from "~/kit/http/request-body.server";

import { setBands } from "./bands.server";
import {
  bandsSchema,
  participantsSchema,
  procedureSchema,
  settingsFieldsOf,
  settingsInputOf,
  tenderSettingsSchema,
  TENDER_CONFIRMATIONS,
} from "./forms";
import { requireLeadTender } from "./lead-tender.server";
import { listLots } from "./lot-queries.server";
import { berlinIsoDate, recordProcedureChoice, tenderAdvice } from "./procedure.server";
import { publishTender } from "./publish.server";
import { listSharedCosts } from "./shared-costs.server";
import { listTenderParticipants } from "./tender-queries.server";
import { setParticipants, updateTenderSettings } from "./tender-settings.server";

export async function loadTenderPage(request: Request, tenderId: string | undefined) {
  const { user, tender } = await requireLeadTender(request, tenderId);
  const lead = { tenderId: tender.id, leadBodyId: user.bodyId };
  const now = new Date();
  const [lotList, participants, costs, advice] = await Promise.all([
    listLots(lead),
    listTenderParticipants(lead),
    listSharedCosts(lead),
    // after publication: the thresholds of the publication day, as the record shows them
    tenderAdvice({ ...lead, date: berlinIsoDate(tender.publishedAt ?? now) }),
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
  };
}

/** `values`: what was posted, so that a form refused without JavaScript comes back as entered. */
export type TenderPageResult = {
  intent: string;
  fieldErrors: Record<string, string>;
  message: string | null;
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
  const fail = (intent: string, message: string | null, fieldErrors: Record<string, string> = {}) =>
    data<TenderPageResult>({ intent, fieldErrors, message, values }, { status: 400 });
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
      const { procedure, reason } = parsed.data;
      await recordProcedureChoice({ ...actor, procedure, reason });
      anchor = "verfahren";
    } else if (intent === "publish") {
      const confirmation = confirmationNeeded(formData, TENDER_CONFIRMATIONS.publish);
      if (confirmation) {
        return data<TenderPageResult>({
          intent,
          fieldErrors: {},
          message: null,
          values,
          confirmation,
        });
      }
      await publishTender(actor);
    } else {
      return fail(intent, "Unbekannte Aktion.");
    }
  } catch (error) {
    if (error instanceof DomainError) {
      const field: Record<string, string> = intent === "procedure" ? { reason: error.message } : {};
      return fail(intent, intent === "procedure" ? null : error.message, field);
    }
    throw error;
  }
  throw redirect(`/ausschreibungen/${tender.id}${anchor ? `#${anchor}` : ""}`);
}
