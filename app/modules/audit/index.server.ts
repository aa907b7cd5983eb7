// The audit module's door: what other modules, routes, scripts and tests may call.
export { RECORD_HEADER_ROW, RECORD_SHEET, loadAuditRecord } from "./audit-record-workbook.server";
export { listAuditEventsForSubject, recordAuditEvent } from "./audit.server";
