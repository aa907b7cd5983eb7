// Resource route: the tender's price sheet (Preisblatt) as an XLSX download for its lead's
// procurement office. The public download lives under /oeffentlich.
import { notFound } from "~/kit/http/responses.server";
import { type LoaderFunctionArgs } from "@remix-run/node";

import { buildPriceSheet } from "~/modules/publication/index.server";
import { getPublishedTenderForLead } from "~/modules/bids/index.server";
import { requireRole } from "~/modules/access/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["procurement"]);
  const tenderId = params.tenderId ?? "";
  const tender = await getPublishedTenderForLead({ tenderId, leadBodyId: user.bodyId });
  const sheet = tender ? await buildPriceSheet({ tenderId }) : undefined;
  if (!sheet) throw notFound();
  return new Response(sheet.bytes, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      // The slug is plain ASCII, so no filename* variant is needed.
      "Content-Disposition": `attachment; filename="${sheet.fileName}"`,
      "Content-Length": String(sheet.bytes.byteLength),
      "Cache-Control": "private, no-store",
    },
  });
}
