// The lead's tender list (/ausschreibungen) and a new tender from closed rounds
// (/ausschreibungen/neu), as their routes call them.
import { data, redirect } from "@remix-run/node";

import { DomainError } from "~/domain/errors";
import { toBerlinInput } from "~/kit/dates";
import { fieldErrorsOf, nestFormData } from "~/kit/http/parse-form.server";
import { readForm } from "~/kit/http/request-body.server";
import { requireRole } from "~/modules/access/index.server";

import { newTenderSchema, type NewTenderForm, QUALITY_ROWS, settingsInputOf } from "./forms";
import { getDb } from "#db/client";
import { tenderLifecycleStatuses } from "./lifecycle.server";
import { createTender } from "./tender-create.server";
import { listClosedRoundsLedBy, listTendersLedBy } from "./tender-queries.server";

export async function loadTenderList(request: Request) {
  const user = await requireRole(request, ["procurement"]);
  const tenders = await listTendersLedBy({ bodyId: user.bodyId });
  const statuses = await tenderLifecycleStatuses(
    await getDb(),
    tenders.map((t) => t.id),
  );
  return {
    bodyName: user.bodyName,
    tenders: tenders.map((t) => ({
      id: t.id,
      referenceNumber: t.referenceNumber,
      title: t.title,
      status: statuses.get(t.id) ?? t.status,
      lots: t.lots,
      participants: t.participants,
      submissionDeadline: t.submissionDeadline.toISOString(),
    })),
  };
}

function newTenderDefaults(now: Date, roundIds: string[]): NewTenderForm {
  const inSixWeeks = new Date(now.getTime() + 42 * 86_400_000);
  inSixWeeks.setUTCHours(10, 0, 0, 0);
  return {
    roundIds,
    referenceNumber: "",
    title: "",
    description: "",
    pricing: "all-units",
    contractType: "single",
    callOffReserve: "0",
    termMonths: "12",
    termReason: "",
    contractStart: `${now.getUTCFullYear() + 1}-01-01`,
    criteria: "price",
    priceWeight: "100",
    qualityCriteria: Array.from({ length: QUALITY_ROWS }, () => ({ name: "", weight: "" })),
    submissionDeadline: toBerlinInput(inSixWeeks),
  };
}

/** The closed rounds to bundle; one alone (or those in `?runde=`) preselected. */
export async function loadNewTenderPage(request: Request) {
  const user = await requireRole(request, ["procurement"]);
  const now = new Date();
  const rounds = await listClosedRoundsLedBy({ bodyId: user.bodyId, now });
  const preselected = new URL(request.url).searchParams.getAll("runde");
  return {
    rounds: rounds.map((r) => ({ ...r, deadline: r.deadline.toISOString() })),
    defaults: newTenderDefaults(now, rounds.length === 1 ? [rounds[0]!.id] : preselected),
  };
}

export async function newTenderAction(request: Request) {
  const user = await requireRole(request, ["procurement"]);
  const formData = await readForm(request);
  const raw = { ...nestFormData(formData), roundIds: formData.getAll("roundIds") };
  const parsed = newTenderSchema.safeParse(raw);
  // Sent back so that a form refused without JavaScript comes back filled in.
  const values = raw as unknown as NewTenderForm;
  if (!parsed.success)
    return data(
      { fieldErrors: fieldErrorsOf(parsed.error), message: null, values },
      { status: 400 },
    );
  let id: string;
  try {
    ({ id } = await createTender({
      leadBodyId: user.bodyId,
      actorUserId: user.id,
      input: { ...settingsInputOf(parsed.data), roundIds: parsed.data.roundIds as string[] },
    }));
  } catch (error) {
    if (error instanceof DomainError)
      return data({ fieldErrors: {}, message: error.message, values }, { status: 400 });
    throw error;
  }
  throw redirect(`/ausschreibungen/${id}`);
}
