// Resource route: how far the user's own download of a lead export is (JSON, polled by the
// split page's download button). Another user's run, or an unknown one, is a 404.
import { notFound } from "~/kit/http/responses.server";
import { type LoaderFunctionArgs } from "@remix-run/node";

import { readExportRun } from "~/modules/split/index.server";
import { requireRole } from "~/modules/access/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["treasurer", "procurement"]);
  const run = await readExportRun({
    runId: params.runId ?? "",
    userId: user.id,
    tenderId: params.tenderId ?? "",
  });
  if (!run) throw notFound();
  return Response.json(run, { headers: { "Cache-Control": "private, no-store" } });
}
