// Resource route: the tender's documentation record (Vergabevermerk) as XLSX, for procurement
// users of the lead body only (404 for anyone else). Every download is an audit event.
import { notFound } from "~/kit/http/responses.server";
import { type LoaderFunctionArgs } from "@remix-run/node";

import { loadAuditRecord } from "~/modules/audit/index.server";
import { requireRole } from "~/modules/access/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["procurement"]);
  const record = await loadAuditRecord({
    tenderId: params.tenderId ?? "",
    leadBodyId: user.bodyId,
    actorUserId: user.id,
  });
  if (!record) throw notFound();
  return new Response(record.bytes, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${record.fileName}"`,
      "Content-Length": String(record.bytes.byteLength),
      "Cache-Control": "private, no-store",
    },
  });
}
