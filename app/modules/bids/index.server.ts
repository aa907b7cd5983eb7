// The bids module's door: what other modules, routes, scripts and tests may call.
export { type AwardedBands, latestAwardedBands } from "./awarded-bands.server";
export { awardLot, listPublishedAwards, rankLot, switchLotToSavingsKey } from "./award.server";
export {
  type BidPriceInput,
  type BidTender,
  MAX_UNIT_PRICE,
  type TenderLot,
  type TenderLotItem,
  deleteBid,
  getPublishedTender,
  getPublishedTenderForLead,
  listBids,
  listQualityCriteria,
  listTenderLots,
  loadBids,
  lotLabel,
  recordBid,
  setBidQualityPoints,
} from "./bid.server";
export { euroNumberToTenThousandths, importPriceSheetUpload } from "./price-sheet-upload.server";
