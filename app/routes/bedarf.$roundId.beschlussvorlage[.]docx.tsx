// Resource route: the body's council paper (Beschlussvorlage) before the tender, an estimate
// from its entered demand – for its Kämmerei and Beschaffer only.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { roundCouncilPaper } from "~/modules/council/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return roundCouncilPaper(request, params.roundId);
}
