// The split module's door: what other modules, routes, scripts and tests may call.
export {
  type BudgetYearDue,
  type SplitBody,
  collectSplitLines,
  dueByBudgetYear,
  listSplitTenders,
  recordSplitExport,
  splitForTender,
  splitLineChunks,
} from "./cost-split.server";
export { readExportRun, startExportRun } from "./export-run.server";
export {
  csvResponse,
  exportMeta,
  requireBodyExport,
  requireLeadExport,
  requireSplitView,
  streamedXlsx,
} from "./split-access.server";
export {
  CSV_COLUMNS,
  csvField,
  csvFileName,
  splitCsvChunks,
  splitCsvStream,
} from "./split-csv.server";
export {
  BODIES_SHEET,
  COVER_SHEET,
  EURO_FORMAT,
  LINES_SHEET,
  SAVINGS_SHEET,
  SHARED_SHEET,
  SUMMARY_SHEET,
  YEARS_SHEET,
  bodyWorkbookFileName,
  leadWorkbookFileName,
  workbookBytes,
  writeBodyWorkbook,
  writeLeadWorkbook,
} from "./split-workbook.server";
export {
  listLotBodies,
  lotSplit,
  lotSplitInput,
  lotSplitLines,
  readLotSplits,
  storeLotSplits,
} from "./split.server";
