// Resource route: the body's XRechnung from the lead for its share of the awarded tender (its
// taxed part; `?teil=2b` the part not subject to VAT). The lead itself and strangers get 404.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { bodyXRechnungResponse } from "~/modules/invoicing/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return bodyXRechnungResponse(request, params.tenderId);
}
