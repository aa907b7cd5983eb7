import { inviteBodies, listRoundsLedBy } from "~/modules/demand/index.server";

import { type InvitePartnerInput } from "./forms";

/** The rounds the procurement office may invite a partner to: its own drafts and open rounds. */
export async function listInviteRounds({ bodyId }: { bodyId: string }) {
  const led = await listRoundsLedBy({ bodyId });
  return led
    .filter((r) => r.status === "draft" || r.status === "open")
    .map((r) => ({ id: r.id, title: r.title, budgetYear: r.budgetYear, status: r.status }));
}

/**
 * "Zur nächsten Bedarfsabfrage einladen": the demand module's own invitation, so the round must
 * be led by the user's body (404 otherwise) and not closed; it writes the audit event
 * `round.bodies_invited`. Returns whether the body was newly invited.
 */
export async function invitePartner({
  user,
  input,
}: {
  user: { id: string; bodyId: string };
  input: InvitePartnerInput;
}): Promise<boolean> {
  const added = await inviteBodies({
    roundId: input.roundId,
    leadBodyId: user.bodyId,
    actorUserId: user.id,
    bodyIds: [input.bodyId],
  });
  return added > 0;
}
