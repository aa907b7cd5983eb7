import { notFound } from "~/kit/http/responses.server";
import { getTenderForLead } from "./tender-queries.server";

import { requireRole } from "~/modules/access/index.server";

/** A procurement user of the tender's lead body, and the tender; 404 for anyone else. */
export async function requireLeadTender(request: Request, tenderId = "") {
  const user = await requireRole(request, ["procurement"]);
  const tender = await getTenderForLead({ tenderId, leadBodyId: user.bodyId });
  if (!tender) throw notFound();
  return { user, tender };
}
