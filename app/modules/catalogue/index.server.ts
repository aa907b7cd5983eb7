// The catalogue module's door: what other modules, routes, scripts and tests may call.
export {
  type CatalogueItem,
  type CatalogueItemInput,
  ITEM_IN_USE,
  createCatalogueItem,
  getCatalogueItem,
  insertMissingCatalogueItems,
  listCatalogueGroups,
  listCatalogueItemUsage,
  listCatalogueItems,
  setCatalogueItemActive,
  updateCatalogueItem,
} from "./catalogue.server";
export {
  CPV_CODE_PATTERN,
  type CpvReferenceRow,
  countCpvCodes,
  getCpv,
  searchCpv,
  upsertCpvCodes,
} from "./cpv.server";
export { saveCatalogueItemForm } from "./item-form.server";
