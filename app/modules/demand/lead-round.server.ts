import { notFound } from "~/kit/http/responses.server";
import { getRoundForLead } from "./round.server";

import { requireRole } from "~/modules/access/index.server";
import { isUuid } from "~/domain/ids";

/** A procurement user of the round's lead body, and the round; 404 for anyone else. */
export async function requireLeadRound(request: Request, roundId = "") {
  const user = await requireRole(request, ["procurement"]);
  const round = isUuid(roundId)
    ? await getRoundForLead({ roundId, leadBodyId: user.bodyId })
    : undefined;
  if (!round) throw notFound();
  return { user, round };
}
