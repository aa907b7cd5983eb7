// The publication module's door: what other modules, routes, scripts and tests may call.
export {
  BIDDER_ADDRESS_CELL,
  BIDDER_NAME_CELL,
  CONTROL_HEADER_ROW,
  CONTROL_SHEET,
  COVER_SHEET,
  FIRST_PRICE_ROW,
  HEADER_ROW,
  LOT_COLUMNS,
  type LotColumnKey,
  PRICE_SHEET_FORMAT_VERSION,
  bandText,
  buildPriceSheet,
  columnLetter,
  lotColumn,
  lotColumnHeader,
  priceSheetLayout,
} from "./price-sheet.server";
export {
  getPublishedTender,
  listPublishedTenders,
  listPublishedTendersInFull,
} from "./publication.server";
export {
  SPECIFICATION_COVER_SHEET,
  SPECIFICATION_FIRST_ITEM_ROW,
  SPECIFICATION_HEADER_ROW,
  loadSpecification,
  specificationColumn,
} from "./specification.server";
