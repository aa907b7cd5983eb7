// Invoicing (Weiterberechnung): the lead's XRechnung to each participating body for its share
// of the shared costs (and its goods when billed centrally). Owns the XRechnung writer; it takes
// a plain invoice description and never queries (docs/decisions/016-xrechnung.md). Callers
// build the description from the stored split and the bodies' billing data.
export {
  type XRechnungInvoice,
  type XRechnungLine,
  invoiceTotals,
  invoicesForShare,
  writeXRechnung,
  xrechnungData,
} from "./xrechnung.server";
export { bodyXRechnungResponse, leadXRechnungenZipResponse } from "./share-invoices.server";
