// Resource route: every body's lines and shared-cost shares as one CSV, streamed. Lead
// treasurer and procurement only; every download is an audit event.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { csvFileName, splitCsvStream } from "~/exports/split-csv.server";
import { recordSplitExport } from "~/models/cost-split.server";
import { csvResponse, requireLeadExport } from "~/utils/split-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, split } = await requireLeadExport(request, params.tenderId);
  await recordSplitExport({
    tenderId: split.tender.id,
    viewerBodyId: user.bodyId,
    actorUserId: user.id,
    format: "csv",
    exportedFor: "alle Körperschaften",
  });
  return csvResponse(csvFileName(split), splitCsvStream(split));
}
