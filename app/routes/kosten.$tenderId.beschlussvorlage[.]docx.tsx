// Resource route: the body's council paper (Beschlussvorlage) after the award, with its real
// share – for its Kämmerei and Beschaffer only. Every download is an audit event.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { tenderCouncilPaper } from "~/modules/council/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return tenderCouncilPaper(request, params.tenderId);
}
