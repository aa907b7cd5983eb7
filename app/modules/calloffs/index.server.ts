// The calloffs module's door (decision 025): call-offs (Abrufe) of participating bodies against a
// framework agreement's maximum per lot. The award fixes the maximum (fixCallOffMaximum, in the
// award's transaction); the pages record and list call-offs; the split's files read them
// (listCallOffs) to show them per Haushaltsjahr beside the stored split.
export { type CallOffForm, type CallOffInput, callOffSchema } from "./forms";
export { fixCallOffMaximum } from "./maximum.server";
export {
  type CallOffItem,
  type CallOffRow,
  type CallOffYear,
  callOffYears,
  listCallOffTenders,
  type LotCallOffStatus,
  callOffItems,
  listCallOffs,
  lotCallOffStatus,
} from "./queries.server";
export { recordCallOffs } from "./record.server";
export {
  callOffTemplateResponse,
  callOffUploadAction,
  loadCallOffUploadPage,
} from "./upload-page.server";
export { CALL_OFF_SHEET, parseCallOffUpload } from "./upload.server";
export {
  type CallOffPageResult,
  callOffPageAction,
  loadCallOffPage,
  requireCallOffTender,
} from "./page.server";
