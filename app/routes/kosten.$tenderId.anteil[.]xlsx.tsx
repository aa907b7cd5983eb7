// Resource route: one body's cost split as XLSX – the treasurer's own body, or for the lead's
// users any participating body by `?koerperschaft=<id>`. Every download is an audit event.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { bodyWorkbookFileName, writeBodyWorkbook } from "~/modules/split/index.server";
import { recordSplitExport } from "~/modules/split/index.server";
import { exportMeta, requireBodyExport, streamedXlsx } from "~/modules/split/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, split, body } = await requireBodyExport(request, params.tenderId);
  const meta = exportMeta(user);
  await recordSplitExport({
    tenderId: split.tender.id,
    viewerBodyId: user.bodyId,
    actorUserId: user.id,
    format: "xlsx",
    exportedFor: body.name,
  });
  return streamedXlsx(bodyWorkbookFileName(split, body), (stream) =>
    writeBodyWorkbook(split, meta, stream),
  );
}
