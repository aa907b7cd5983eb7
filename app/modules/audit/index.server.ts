// The audit module's door: what other modules, routes, scripts and tests may call. It owns the
// append-only event log and the Vergabevermerk (§ 8 VgV) written from it: a printable page, a
// DOCX to sign and the XLSX list of every event.
export { RECORD_HEADER_ROW, RECORD_SHEET, loadAuditRecord } from "./audit-record-workbook.server";
export { changeAndRecord, listAuditEventsForSubject, recordAuditEvent } from "./audit.server";
export { actionLabel, actionLabels, describeAuditEvent } from "./event-text.server";
export { loadVermerkPage, vermerkDocx, vermerkXlsx } from "./vermerk-page.server";
export {
  type Vermerk,
  type VermerkBlock,
  type VermerkSection,
  VERMERK_SECTIONS,
} from "./vermerk-model";
