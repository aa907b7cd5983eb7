// The demand module's door: what other modules, routes, scripts and tests may call.
export { demandChangesFromForm } from "./demand-form.server";
export {
  CONTROL_SHEET,
  DEMAND_SHEET,
  EXTRA_ROWS,
  FIRST_DATA_ROW,
  HEADER_ROW,
  MAX_DATA_ROWS,
  TEMPLATE_COLUMNS,
  type TemplateColumnKey,
  columnNumber,
  fileNameSlug,
  findInvitedRound,
  loadDemandTemplate,
} from "./demand-template.server";
export { loadDemandPage } from "./demand-page.server";
export { importDemandUpload, parseDemandUpload } from "./demand-upload.server";
export {
  declareNoDemand,
  listDemandLines,
  listRoundLinesForLead,
  replaceDemandLines,
  saveDemandForm,
} from "./demand.server";
export { requireInvitedRound, requireLeadRound } from "./round-guards.server";
export { loadInvitedRounds, loadLedRounds } from "./round-lists.server";
export { demandLineHistory, loadLineHistory } from "./line-history.server";
export {
  changeRoundStatus,
  createRound,
  getRoundForInvitedBody,
  getRoundForLead,
  inviteBodies,
  listInvitedBodies,
  listRoundItems,
  listRoundsInvitingBody,
  listRoundsLedBy,
  setRoundItems,
  uninviteBody,
  updateDraftRound,
} from "./round.server";
export { roundParticipants, roundTotals } from "./round-answers.server";
export { remindSilentBodies } from "./round-reminder.server";
export { changeRoundFromPage, loadRoundPage } from "./round-page.server";
