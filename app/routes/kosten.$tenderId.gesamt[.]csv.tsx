// Resource route: every body's lines and shared-cost shares as one CSV, streamed. Lead
// treasurer and procurement only; every download is an audit event. `?lauf=<uuid>` (set by
// the page's download button) records how far the file is.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { csvFileName, splitCsvStream } from "~/exports/split-csv.server";
import { countSplitLines, recordSplitExport } from "~/models/cost-split.server";
import { startExportRun } from "~/models/export-run.server";
import { csvResponse, requireLeadExport } from "~/utils/split-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, split } = await requireLeadExport(request, params.tenderId);
  const now = new Date();
  await recordSplitExport({
    tenderId: split.tender.id,
    viewerBodyId: user.bodyId,
    actorUserId: user.id,
    format: "csv",
    exportedFor: "alle Körperschaften",
    now,
  });
  const progress = await startExportRun({
    runId: new URL(request.url).searchParams.get("lauf"),
    userId: user.id,
    tenderId: split.tender.id,
    format: "csv",
    rowsTotal: countSplitLines(split),
    now,
  });
  return csvResponse(csvFileName(split), splitCsvStream(split, progress));
}
