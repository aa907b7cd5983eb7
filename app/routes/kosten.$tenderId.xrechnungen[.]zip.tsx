// Resource route: every participating body's XRechnung of the tender as one ZIP, for the lead's
// Kämmerei (and its procurement office). Anyone else gets 404.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { leadXRechnungenZipResponse } from "~/modules/invoicing/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return leadXRechnungenZipResponse(request, params.tenderId);
}
