// The bids module's door: what other modules, routes, scripts and tests may call.
export { type AwardedBands, latestAwardedBands } from "./awarded-bands.server";
export { awardLot, listPublishedAwards, rankLot, switchLotToSavingsKey } from "./award.server";
export { type BidPriceInput, MAX_UNIT_PRICE } from "./bid-rules.server";
export { listBids, loadBidPrices, loadBids } from "./bid-queries.server";
export { deleteBid, recordBid, setBidQualityPoints } from "./bid.server";
export {
  type BidTender,
  type TenderLot,
  type TenderLotItem,
  getPublishedTender,
  getPublishedTenderForLead,
  listQualityCriteria,
  listTenderLots,
  tenderArticleNumbers,
  lotLabel,
} from "./tender-lots.server";
export { euroNumberToTenThousandths, importPriceSheetUpload } from "./price-sheet-upload.server";
export { actOnBidsPage, loadBidsPage } from "./bids-page.server";
export { actOnEvaluationPage, loadEvaluationPage } from "./evaluation-page.server";
export {
  type LotInformation,
  informBidders,
  informationLetter,
  informationLetterResponse,
  lotInformation,
} from "./information.server";
