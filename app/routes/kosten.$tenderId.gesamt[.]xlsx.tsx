// Resource route: the lead's full cost split as XLSX (summary per body and lot, then every line,
// spanning sheets past Excel's row limit), streamed. Lead treasurer and procurement only.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { leadWorkbookFileName, writeLeadWorkbook } from "~/exports/split-workbook.server";
import { recordSplitExport } from "~/models/cost-split.server";
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
  return streamedXlsx(leadWorkbookFileName(split), (stream) =>
    writeLeadWorkbook(split, meta, stream),
  );
}
