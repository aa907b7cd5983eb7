// The split module's door: what other modules, routes, scripts and tests may call.
export { splitForTender } from "./cost-split.server";
export { loadSplitPage } from "./split-page.server";
export { type BudgetYearDue, type SplitBody } from "./split-view.server";
export { collectSplitLines, splitLineChunks } from "./split-line-source.server";
export { dueByBudgetYear, listSplitTenders, recordSplitExport } from "./split-lists.server";
export { readExportRun, startExportRun } from "./export-run.server";
export {
  csvResponse,
  exportMeta,
  requireBodyExport,
  requireLeadExport,
  requireSplitView,
  streamedXlsx,
} from "./split-access.server";
export { CSV_COLUMNS, csvField, csvFileName } from "./split-csv.server";
export {
  splitCsvChunks,
  splitCsvStream,
  writeBodyWorkbook,
  writeLeadWorkbook,
} from "./split-exports.server";
export {
  BODIES_SHEET,
  COVER_SHEET,
  LINES_SHEET,
  SAVINGS_SHEET,
  SHARED_SHEET,
  SUMMARY_SHEET,
  YEARS_SHEET,
  bodyWorkbookFileName,
  leadWorkbookFileName,
  workbookBytes,
  yearRows,
} from "./split-workbook.server";
export { CALL_OFF_YEARS_SHEET, CALL_OFFS_SHEET } from "./call-off-sheets.server";
export { EURO_FORMAT } from "~/kit/spreadsheet/workbook.server";
export { listLotBodies, lotSplit, lotSplitInput } from "./split-input.server";
export { lotSplitLines } from "./split-lines.server";
export { readLotSplits, storeLotSplits } from "./split-store.server";
