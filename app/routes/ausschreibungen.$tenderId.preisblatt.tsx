// Resource route: the tender's price sheet (Preisblatt) as an XLSX download for its lead's
// procurement office. The public download lives under /oeffentlich.
import { download, notFound } from "~/kit/http/responses.server";
import { type LoaderFunctionArgs } from "@remix-run/node";

import { XLSX_MIME } from "~/domain/ocds";
import { buildPriceSheet } from "~/modules/publication/index.server";
import { getPublishedTenderForLead } from "~/modules/bids/index.server";
import { requireRole } from "~/modules/access/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["procurement"]);
  const tenderId = params.tenderId ?? "";
  const tender = await getPublishedTenderForLead({ tenderId, leadBodyId: user.bodyId });
  const sheet = tender ? await buildPriceSheet({ tenderId }) : undefined;
  if (!sheet) throw notFound();
  return download(sheet.fileName, sheet.bytes, XLSX_MIME);
}
