// Resource route: the Vergabevermerk (§ 8 VgV) as a DOCX to sign, for the lead's procurement
// office only (404 for any other body). Every download is an audit event.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { vermerkDocx } from "~/modules/audit/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return vermerkDocx(request, params.tenderId);
}
