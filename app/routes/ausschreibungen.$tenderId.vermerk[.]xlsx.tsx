// Resource route: every audit event of a tender as an XLSX list, for the lead's procurement
// office only (404 for any other body). Every download is an audit event.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { vermerkXlsx } from "~/modules/audit/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return vermerkXlsx(request, params.tenderId);
}
