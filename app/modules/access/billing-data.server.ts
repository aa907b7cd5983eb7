// The two doors to a body's billing data: the admin edits any body's
// (/admin/koerperschaften/{id}), a body's Kämmerei its own (/konto/rechnungsdaten). Both read
// and write through here: zod first, then the writer's own checks, then one transaction with
// an audit event.
import { data, redirect } from "@remix-run/node";

import { DomainError } from "~/domain/errors";
import { parseFormData } from "~/kit/http/parse-form.server";
import { notFound } from "~/kit/http/responses.server";

import { requireRole } from "./auth.server";
import { getBodyBillingData, saveBodyBillingData } from "./body.server";
import { billingDataSchema } from "./forms";

/** Which body the request may edit: the admin any (by id), a treasurer only its own. */
async function editableBody(request: Request, bodyId: string | undefined) {
  const user = await requireRole(request, bodyId === undefined ? ["treasurer"] : ["admin"]);
  const body = await getBodyBillingData({ bodyId: bodyId ?? user.bodyId });
  if (!body) throw notFound();
  return { user, body };
}

export async function loadBillingDataPage(request: Request, bodyId?: string) {
  const { body } = await editableBody(request, bodyId);
  const saved = new URL(request.url).searchParams.has("gespeichert");
  return { body, saved };
}

export async function saveBillingDataPage(request: Request, bodyId?: string) {
  const { user, body } = await editableBody(request, bodyId);
  const parsed = await parseFormData(request, billingDataSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  try {
    await saveBodyBillingData({ actorUserId: user.id, bodyId: body.id, data: parsed.data });
  } catch (error) {
    if (error instanceof DomainError) {
      return data(
        { fieldErrors: { form: error.message } as Record<string, string> },
        { status: 400 },
      );
    }
    throw error;
  }
  const url = new URL(request.url);
  throw redirect(`${url.pathname}?gespeichert`);
}
