// The call-off page (/kosten/:tenderId/abrufe) as its route calls it: who may see it, what it
// shows, and recording one call-off. A participating body's Beschaffer/in records and sees the
// body's call-offs, its Kämmerei sees them; the lead's Vergabestelle and Kämmerei see every
// body's. Anyone
// else – another body, a tender not yet published – gets the 404 page.
import { data, redirect } from "@remix-run/node";
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { parseFormData } from "~/kit/http/parse-form.server";
import { readForm } from "~/kit/http/request-body.server";
import { notFound } from "~/kit/http/responses.server";
import { requireRole, type UserWithBody } from "~/modules/access/index.server";

import { callOffSchema } from "./forms";
import { callOffItems, listCallOffs, lotCallOffStatus } from "./queries.server";
import { recordCallOffs } from "./record.server";

type CallOffTender = {
  id: string;
  title: string;
  referenceNumber: string;
  framework: boolean;
  leadBodyId: string;
  participates: boolean;
};

/** The tender as the user may see it on the call-off pages, or a 404. */
export async function requireCallOffTender(
  request: Request,
  tenderId: string | undefined,
  roles: ("officer" | "treasurer" | "procurement")[] = ["officer", "treasurer", "procurement"],
): Promise<{ user: UserWithBody; tender: CallOffTender; isLead: boolean }> {
  const user = await requireRole(request, roles);
  if (!tenderId || !isUuid(tenderId)) throw notFound();
  const db = await getDb();
  const [tender] = await queryRows<CallOffTender>(
    db,
    sql`select t.id, t.title, t.reference_number as "referenceNumber", t.framework,
               t.lead_body_id as "leadBodyId",
               exists (select 1 from tender_participants tp
                       where tp.tender_id = t.id and tp.body_id = ${user.bodyId}::uuid) as participates
        from tenders t where t.id = ${tenderId}::uuid and t.status <> 'draft'`,
  );
  if (!tender) throw notFound();
  // the lead's Vergabestelle and Kämmerei see every body's call-offs
  const isLead = tender.leadBodyId === user.bodyId && user.role !== "officer";
  const allowed =
    user.role === "procurement"
      ? isLead
      : user.role === "treasurer"
        ? isLead || tender.participates
        : tender.participates;
  if (!allowed) throw notFound();
  return { user, tender, isLead };
}

export async function loadCallOffPage(request: Request, tenderId: string | undefined) {
  const { user, tender, isLead } = await requireCallOffTender(request, tenderId);
  const canRecord = user.role === "officer";
  const [items, callOffs, lots] = await Promise.all([
    canRecord ? callOffItems({ tenderId: tender.id, bodyId: user.bodyId }) : [],
    listCallOffs({ tenderId: tender.id, bodyId: isLead ? undefined : user.bodyId }),
    lotCallOffStatus({ tenderId: tender.id }),
  ]);
  const years = new Map<number, number>();
  for (const c of callOffs) years.set(c.budgetYear, (years.get(c.budgetYear) ?? 0) + c.grossCents);
  return {
    tender: { id: tender.id, title: tender.title, referenceNumber: tender.referenceNumber },
    framework: tender.framework,
    bodyName: isLead ? null : user.bodyName,
    canRecord,
    // the cost page is the Kämmerei's and the lead's (a Beschaffer/in has none)
    showCosts: user.role !== "officer",
    items,
    callOffs,
    budgetYears: [...years]
      .sort(([a], [b]) => a - b)
      .map(([year, grossCents]) => ({ year, grossCents })),
    // a participant sees each lot's totals; only the lead sees them per body
    lots: lots.map((l) => ({ ...l, bodies: isLead ? l.bodies : [] })),
  };
}

export type CallOffPageResult = {
  message: string | null;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
};

export async function callOffPageAction(request: Request, tenderId: string | undefined) {
  const { user, tender } = await requireCallOffTender(request, tenderId, ["officer"]);
  const formData = await readForm(request);
  const values = Object.fromEntries(
    [...formData].flatMap(([k, v]) => (typeof v === "string" ? [[k, v.slice(0, 200)]] : [])),
  );
  const fail = (message: string | null, fieldErrors: Record<string, string> = {}) =>
    data<CallOffPageResult>({ message, fieldErrors, values }, { status: 400 });
  const parsed = await parseFormData(request, callOffSchema, formData);
  if (!parsed.ok) return fail(null, parsed.fieldErrors);
  try {
    await recordCallOffs({
      tenderId: tender.id,
      actor: { userId: user.id, bodyId: user.bodyId },
      entries: [parsed.data],
    });
  } catch (error) {
    if (error instanceof DomainError) return fail(error.message);
    throw error;
  }
  throw redirect(`/kosten/${tender.id}/abrufe?erfasst=1`);
}
