// Resource route: the body's demand template as an XLSX download.
import { download, notFound } from "~/kit/http/responses.server";
import { type LoaderFunctionArgs } from "@remix-run/node";

import { XLSX_MIME } from "~/domain/ocds";
import { loadDemandTemplate } from "~/modules/demand/index.server";
import { requireRole } from "~/modules/access/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["officer"]);
  const template = await loadDemandTemplate({
    roundId: params.roundId ?? "",
    body: { id: user.bodyId, name: user.bodyName },
  });
  if (!template) throw notFound();
  return download(template.fileName, template.bytes, XLSX_MIME);
}
