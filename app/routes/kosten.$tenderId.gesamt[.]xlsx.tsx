// Resource route: the lead's full cost split as XLSX (summary per body and lot, then every line,
// spanning sheets past Excel's row limit), streamed. Lead treasurer and procurement only.
// `?lauf=<uuid>` (set by the page's download button) records how far the file is.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { leadWorkbookFileName, writeLeadWorkbook } from "~/exports/split-workbook.server";
import { countSplitLines, recordSplitExport } from "~/models/cost-split.server";
import { startExportRun } from "~/models/export-run.server";
import { exportMeta, requireLeadExport, streamedXlsx } from "~/utils/split-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, split } = await requireLeadExport(request, params.tenderId);
  const meta = exportMeta(user);
  await recordSplitExport({
    tenderId: split.tender.id,
    viewerBodyId: user.bodyId,
    actorUserId: user.id,
    format: "xlsx",
    exportedFor: "alle Körperschaften",
    now: meta.now,
  });
  const progress = await startExportRun({
    runId: new URL(request.url).searchParams.get("lauf"),
    userId: user.id,
    tenderId: split.tender.id,
    format: "xlsx",
    rowsTotal: countSplitLines(split),
    now: meta.now,
  });
  return streamedXlsx(
    leadWorkbookFileName(split),
    (stream) => writeLeadWorkbook(split, meta, stream, progress),
    progress,
  );
}
