// What the Vergabevermerk's routes call: the page's model, the DOCX and the XLSX event list, each
// for the procurement office of the tender's lead only (404 for every other body, 403 for other
// roles, as requireRole answers). A download is an audit event; showing the page is not.
import { requireRole } from "~/modules/access/index.server";
import { fileNameSlug } from "~/modules/demand/index.server";
import { DOCX_TYPE } from "~/kit/document/docx.server";
import { download, notFound } from "~/kit/http/responses.server";
import { loadAuditRecord } from "./audit-record-workbook.server";
import { writeVermerkDocx } from "./vermerk-docx.server";
import { loadVermerk, type Vermerk } from "./vermerk.server";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** `GET /ausschreibungen/{id}/vermerk`: the printable page. */
export async function loadVermerkPage(
  request: Request,
  tenderId = "",
): Promise<{ tenderId: string; vermerk: Vermerk }> {
  const user = await requireRole(request, ["procurement"]);
  const vermerk = await loadVermerk({ tenderId, leadBodyId: user.bodyId });
  if (!vermerk) throw notFound();
  return { tenderId, vermerk };
}

/** `GET /ausschreibungen/{id}/vermerk.docx`: the Vermerk to sign. */
export async function vermerkDocx(request: Request, tenderId = "", now = new Date()) {
  const user = await requireRole(request, ["procurement"]);
  const vermerk = await loadVermerk({
    tenderId,
    leadBodyId: user.bodyId,
    log: { actorUserId: user.id, format: "docx" },
    now,
  });
  if (!vermerk) throw notFound();
  const bytes = await writeVermerkDocx(vermerk);
  const fileName = `Vergabevermerk_${fileNameSlug(vermerk.referenceNumber, 30)}.docx`;
  return download(fileName, bytes, DOCX_TYPE);
}

/** `GET /ausschreibungen/{id}/vermerk.xlsx`: every audit event of the tender as a table. */
export async function vermerkXlsx(request: Request, tenderId = "") {
  const user = await requireRole(request, ["procurement"]);
  const record = await loadAuditRecord({ tenderId, leadBodyId: user.bodyId, actorUserId: user.id });
  if (!record) throw notFound();
  return download(record.fileName, record.bytes, XLSX_TYPE);
}
