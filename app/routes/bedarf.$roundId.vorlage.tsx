// Resource route: the body's demand template as an XLSX download.
import { notFound } from "~/kit/http/responses.server";
import { type LoaderFunctionArgs } from "@remix-run/node";

import { loadDemandTemplate } from "~/modules/demand/index.server";
import { requireRole } from "~/modules/access/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["officer"]);
  const template = await loadDemandTemplate({
    roundId: params.roundId ?? "",
    body: { id: user.bodyId, name: user.bodyName },
  });
  if (!template) throw notFound();
  return new Response(template.bytes, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      // The slug is plain ASCII, so no filename* variant is needed.
      "Content-Disposition": `attachment; filename="${template.fileName}"`,
      "Content-Length": String(template.bytes.byteLength),
      "Cache-Control": "private, no-store",
    },
  });
}
