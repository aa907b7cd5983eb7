// The Vergabestelle's settings of its own body (/konto/vergabestelle): the minimum submission
// period for national procedures (issue 15). zod first, then one transaction with an audit event.
import { data, redirect } from "@remix-run/node";

import { parseFormData } from "~/kit/http/parse-form.server";
import { notFound } from "~/kit/http/responses.server";

import { requireRole } from "./auth.server";
import { getNationalDeadlineMinimum, setNationalDeadlineMinimum } from "./body.server";
import { nationalDeadlineSchema } from "./forms";

async function ownBody(request: Request) {
  const user = await requireRole(request, ["procurement"]);
  const body = await getNationalDeadlineMinimum({ bodyId: user.bodyId });
  if (!body) throw notFound();
  return { user, body };
}

export async function loadProcurementSettingsPage(request: Request) {
  const { body } = await ownBody(request);
  return { body, saved: new URL(request.url).searchParams.has("gespeichert") };
}

export async function saveProcurementSettingsPage(request: Request) {
  const { user } = await ownBody(request);
  const parsed = await parseFormData(request, nationalDeadlineSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  await setNationalDeadlineMinimum({
    bodyId: user.bodyId,
    days: parsed.data.nationalDeadlineMinDays,
    actorUserId: user.id,
  });
  throw redirect(`${new URL(request.url).pathname}?gespeichert`);
}
