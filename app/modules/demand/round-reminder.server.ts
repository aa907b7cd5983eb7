// The lead's reminder to the invited bodies that have not answered an open round (the start
// page's "Erinnern"): the mails go through the outbox in the same transaction as the audit event
// that proves the reminder (decision 020, decision 027).
import { and, eq } from "drizzle-orm";

import { getDb } from "#db/client";
import { rounds } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { roundPhase } from "~/domain/round-phase";
import { notFound } from "~/kit/http/responses.server";
import { recordAuditEvent } from "~/modules/audit/index.server";
import { queueRoundReminder } from "~/modules/mail/index.server";

/**
 * Queues the reminder mail to the Beschaffer/innen of every silent body of an open round the
 * body leads (404 for another body's round). Once per day: a second reminder the same day queues
 * nothing and records nothing. Returns the mails queued and the bodies still without an answer.
 */
export async function remindSilentBodies({
  roundId,
  leadBodyId,
  actorUserId,
  now = new Date(),
}: {
  roundId: string;
  leadBodyId: string;
  actorUserId: string;
  now?: Date;
}): Promise<{ mails: number; bodies: number }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [round] = await tx
      .select({ status: rounds.status, opensAt: rounds.opensAt, deadline: rounds.deadline })
      .from(rounds)
      .where(and(eq(rounds.id, roundId), eq(rounds.leadBodyId, leadBodyId)))
      .for("share");
    if (!round) throw notFound();
    if (roundPhase(round, now) !== "open") {
      throw new DomainError("Erinnern lässt sich nur an eine laufende Bedarfsabfrage.");
    }
    const result = await queueRoundReminder(tx, { roundId, now });
    if (result.mails > 0) {
      await recordAuditEvent(tx, {
        actorUserId,
        bodyId: leadBodyId,
        action: "round.reminded",
        subjectType: "round",
        subjectId: roundId,
        data: { silentBodies: result.bodies, mails: result.mails },
      });
    }
    return result;
  });
}
