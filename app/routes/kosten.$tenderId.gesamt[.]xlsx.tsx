// Resource route: the lead's full cost split as XLSX (summary per body and lot, then every line,
// spanning sheets past Excel's row limit), streamed with its progress recorded. Lead treasurer
// and procurement only.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { leadWorkbookFileName, writeLeadWorkbook } from "~/modules/split/index.server";
import { requireLeadExport, streamedXlsx } from "~/modules/split/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { split, meta, progress } = await requireLeadExport(request, params.tenderId, "xlsx");
  return streamedXlsx(
    leadWorkbookFileName(split),
    (stream) => writeLeadWorkbook(split, meta, stream, progress),
    progress,
  );
}
