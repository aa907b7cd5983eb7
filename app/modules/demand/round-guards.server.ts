// The guards of a round's pages: who may see the round, as a 404 for anyone else (a stranger
// must not learn that a round exists).
import { notFound } from "~/kit/http/responses.server";
import { requireRole } from "~/modules/access/index.server";
import { isUuid } from "~/domain/ids";

import { findInvitedRound } from "./demand-template.server";
import { getRoundForLead } from "./round.server";

/** A procurement user of the round's lead body, and the round; 404 for anyone else. */
export async function requireLeadRound(request: Request, roundId = "") {
  const user = await requireRole(request, ["procurement"]);
  const round = isUuid(roundId)
    ? await getRoundForLead({ roundId, leadBodyId: user.bodyId })
    : undefined;
  if (!round) throw notFound();
  return { user, round };
}

/** A Beschaffer/in of a body invited to the published round, and the round; 404 for anyone else. */
export async function requireInvitedRound(request: Request, roundId = "") {
  const user = await requireRole(request, ["officer"]);
  const round = await findInvitedRound({ roundId, bodyId: user.bodyId });
  if (!round) throw notFound();
  return { user, round };
}
