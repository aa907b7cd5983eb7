// The lock every write to a tender takes first: the lead's row `for update`, a 404 for anyone
// else, and the German refusal once the tender is published; and one draft edit as one
// transaction with its audit event.
import { and, eq } from "drizzle-orm";

import { getDb, type Transaction } from "#db/client";
import { bodies, tenders } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { type TenderStatus } from "~/domain/vocabulary";
import { notFound as notFoundResponse } from "~/kit/http/responses.server";
import { recordAuditEvent } from "~/modules/audit/index.server";

export const TENDER_LOCKED =
  "Die Ausschreibung ist veröffentlicht; Lose und Staffeln sind gesperrt.";

function notFound(): never {
  throw notFoundResponse();
}

export type Actor = { tenderId: string; leadBodyId: string; actorUserId: string; now?: Date };

export type LockedTender = {
  id: string;
  status: TenderStatus;
  title: string;
  framework: boolean;
  termMonths: number;
  extensionMonths: number[];
  procedure: string | null;
  procedureReason: string;
  procedureGround: string | null;
  procedureJustification: string;
  deadlineReason: string;
  submissionDeadline: Date;
  land: string;
  nationalDeadlineMinDays: number;
};

/** Locks the lead's tender row; 404 for anyone else, the German refusal once it is published. */
export async function lockTender(
  tx: Transaction,
  tenderId: string,
  leadBodyId: string,
  { draftOnly = true } = {},
): Promise<LockedTender> {
  if (!isUuid(tenderId)) notFound();
  const [row] = await tx
    .select({
      id: tenders.id,
      status: tenders.status,
      title: tenders.title,
      framework: tenders.framework,
      termMonths: tenders.termMonths,
      extensionMonths: tenders.extensionMonths,
      procedure: tenders.procedure,
      procedureReason: tenders.procedureReason,
      procedureGround: tenders.procedureGround,
      procedureJustification: tenders.procedureJustification,
      deadlineReason: tenders.deadlineReason,
      submissionDeadline: tenders.submissionDeadline,
      land: bodies.land,
      nationalDeadlineMinDays: bodies.nationalDeadlineMinDays,
    })
    .from(tenders)
    .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
    .where(and(eq(tenders.id, tenderId), eq(tenders.leadBodyId, leadBodyId)))
    .for("update", { of: tenders });
  if (!row) notFound();
  if (draftOnly && row.status !== "draft") throw new DomainError(TENDER_LOCKED);
  return row;
}

/** One draft edit: lock, change, audit event `tender.<action>` – in one transaction. */
export async function editDraft<T>(
  { tenderId, leadBodyId, actorUserId }: Actor,
  action: string,
  work: (
    tx: Transaction,
    tender: LockedTender,
  ) => Promise<{ data: Record<string, unknown> | null; result: T }>,
  options: { draftOnly?: boolean } = {},
): Promise<T> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const tender = await lockTender(tx, tenderId, leadBodyId, options);
    const { data, result } = await work(tx, tender);
    // null: nothing changed, nothing to record
    if (data === null) return result;
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: leadBodyId,
      action: `tender.${action}`,
      subjectType: "tender",
      subjectId: tenderId,
      data,
    });
    return result;
  });
}
