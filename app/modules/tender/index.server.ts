// The tender module's door: what other modules, routes, scripts and tests may call. The module
// owns joint tenders as their lead's procurement office builds them: creation from closed rounds
// (tender-create), basics and participants (tender-settings), lots (lots), bands (bands), shared
// costs (shared-costs), the procedure advice and choice (procedure), publication with its frozen
// snapshot (publish) and the reads (tender-queries, lot-queries). Every write goes through the
// lock in draft-edit.
export { requireLeadTender } from "./lead-tender.server";
export { setBands, setItemBands } from "./bands.server";
export { TENDER_LOCKED } from "./draft-edit.server";
export { listLots, lotDemandBreakdown } from "./lot-queries.server";
export { nameLots } from "./lot-naming.server";
export { mergeLots, moveLotItem, removeLotItem, renameLot, splitLot } from "./lots.server";
export { berlinIsoDate, recordProcedureChoice, tenderAdvice } from "./procedure.server";
export { publishTender } from "./publish.server";
export {
  type SharedCostInput,
  addSharedCost,
  deleteSharedCost,
  listSharedCosts,
  setSharedCostKey,
  sharedCostSelection,
  updateSharedCost,
} from "./shared-costs.server";
export { createTender } from "./tender-create.server";
export {
  getTenderForLead,
  listClosedRoundsLedBy,
  listTenderParticipants,
  listTendersLedBy,
  tenderTermsColumns,
} from "./tender-queries.server";
export { setParticipants, updateTenderSettings } from "./tender-settings.server";
export { type LotItemScope, selectLotItems } from "./tendered-item.server";
export { type TenderInput } from "./types";
// What the tender's pages call (one function for a loader, one for an action).
export { loadLotsPage, lotsPageAction } from "./lots-page.server";
export { loadSharedCostsPage, sharedCostsPageAction } from "./shared-costs-page.server";
export { loadNewTenderPage, loadTenderList, newTenderAction } from "./tender-list-page.server";
export { loadTenderPage, tenderPageAction } from "./tender-page.server";
// The lifecycle of lots and tender (decision 023).
export {
  type LotLifecycle,
  isEuWide,
  listLotLifecycles,
  loadLotSteps,
  tenderLifecycleStatuses,
} from "./lifecycle.server";
export { changeLotStatus, LOT_STEPS, type LotStepType } from "./lifecycle-actions.server";
