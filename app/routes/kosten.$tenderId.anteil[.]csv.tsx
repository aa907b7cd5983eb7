// Resource route: one body's cost split as CSV (semicolons, decimal commas, UTF-8 with BOM),
// with the same access as its XLSX. Every download is an audit event.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { csvFileName, splitCsvStream } from "~/modules/split/index.server";
import { recordSplitExport } from "~/modules/split/index.server";
import { csvResponse, requireBodyExport } from "~/modules/split/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, split, body } = await requireBodyExport(request, params.tenderId);
  await recordSplitExport({
    tenderId: split.tender.id,
    viewerBodyId: user.bodyId,
    actorUserId: user.id,
    format: "csv",
    exportedFor: body.name,
  });
  return csvResponse(csvFileName(split), splitCsvStream(split));
}
