// Resource route: the § 134 GWB information letter to one unsuccessful bidder of a lot, as a DOCX
// for the lead's Vergabestelle (decision 023).
import { type LoaderFunctionArgs } from "@remix-run/node";

import { requireRole } from "~/modules/access/index.server";
import { informationLetterResponse } from "~/modules/bids/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["procurement"]);
  return informationLetterResponse({
    tenderId: params.tenderId ?? "",
    lotId: params.lotId ?? "",
    bidId: params.bidId ?? "",
    leadBodyId: user.bodyId,
  });
}
