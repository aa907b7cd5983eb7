// What the treasurers' pages and files read of a split (TenderSplit and its parts): per body and
// lot the goods, VAT, shared costs, what it pays, what it would have paid alone, its savings,
// the amounts per budget year and the reconciliation with the supplier invoices.

import { type SplitFigures as DomainSplitFigures } from "~/domain/cost-split";
import {
  type GoodsBilling,
  type ItemCategory,
  type Pricing,
  type SharedCostKey,
  type SharedCostKind,
  type SharedCostPayers,
} from "~/domain/vocabulary";

export type SplitTender = {
  id: string;
  referenceNumber: string;
  title: string;
  leadBodyId: string;
  leadBodyName: string;
  pricing: Pricing;
  framework: boolean;
  /** who bills the goods: the supplier each body, or the lead (re-invoiced); shared costs: the lead */
  goodsBilling: GoodsBilling;
  /** ISO date "2027-04-01" */
  contractStart: string;
  termMonths: number;
};

/**
 * Money in cents; "gross" savings are before shared costs, "net" after (both without VAT);
 * `grossCents` is what the body pays (goods and shared costs with VAT), `aloneNetCents` what it
 * would have paid alone from the same bid (net).
 */
export type SplitFigures = DomainSplitFigures;

/** Gross amounts due in one budget year: licences spread by month, the rest in the start year. */
export type BudgetYearDue = {
  year: number;
  licenceCents: number;
  consumableCents: number;
  sharedCents: number;
  totalCents: number;
};

export type SplitBody = SplitFigures & {
  bodyId: string;
  name: string;
  ags: string | null;
  isLead: boolean;
  budgetYears: BudgetYearDue[];
};

export type SplitLine = {
  /** the frozen tender line's id */
  ref: string;
  bodyId: string;
  itemId: string;
  itemName: string;
  cpvCode: string;
  unit: string;
  quantity: number;
  /** 1/10,000 EUR: the band price at the bundled quantity; incremental: the average, rounded */
  unitPrice: number;
  netCents: number;
  vatRateBp: number;
  vatCents: number;
  grossCents: number;
  costCentre: string;
  product: string;
  ledgerAccount: string;
  deliveryAddress: string;
  /**
   * gross (`cents`) and net per budget year (one year for consumables); VAT = gross − net. The
   * files write one row per year (yearRows).
   */
  budgetYears: { year: number; cents: number; netCents: number }[];
};

export type SplitItem = {
  itemId: string;
  name: string;
  cpvCode: string;
  unit: string;
  vatRateBp: number;
  /** 1/10,000 EUR: the band price at the bundled quantity; incremental: the average, rounded */
  unitPrice: number;
};

export type SplitSharedCost = {
  id: string;
  label: string;
  kind: SharedCostKind;
  key: SharedCostKey;
  payers: SharedCostPayers;
  percentBp: number | null;
  vatRateBp: number;
  /** the whole cost, over all paying bodies */
  netCents: number;
  vatCents: number;
  grossCents: number;
  /** how it is split, in words */
  description: string;
};

export type SplitShare = {
  costId: string;
  bodyId: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
};

/** Computed, never asserted: the shares of all bodies against the invoice and shared costs. */
export type Reconciliation = {
  invoiceNetCents: number;
  invoiceVatCents: number;
  invoiceGrossCents: number;
  sharedGrossCents: number;
  /** invoice gross + shared costs gross */
  expectedCents: number;
  /** Σ over every body of the lot (not only the visible ones) */
  allBodiesGrossCents: number;
  /** Σ over every line, net and VAT */
  linesNetCents: number;
  linesVatCents: number;
  bodyCount: number;
  balanced: boolean;
};

export type SplitLot = {
  id: string;
  number: number;
  title: string;
  label: string;
  category: ItemCategory;
  supplier: { name: string; address: string };
  awardedAt: Date;
  invoice: {
    netCents: number;
    vatCents: number;
    grossCents: number;
    byRate: { vatRateBp: number; netCents: number; vatCents: number }[];
  };
  /** how the goods and each shared cost are split, in words */
  goodsDescription: string;
  sharedCosts: SplitSharedCost[];
  bodies: SplitBody[];
  shares: SplitShare[];
  reconciliation: Reconciliation;
  /** the lot's items as its lines show them */
  items: SplitItem[];
  /** the budget years a line of this lot falls in (licences: every year of the term) */
  lineYears: number[];
  /** per visible body: how many lines it has in this lot */
  lineCounts: Map<string, number>;
  /** Σ over every body of the lot, whoever views */
  totals: SplitFigures;
};

export type TenderSplit = {
  tender: SplitTender;
  viewer: { bodyId: string; isLead: boolean };
  /** "all": every participating body (lead only); "body": one body; "page": some (lead only) */
  scope: "all" | "body" | "page";
  lots: SplitLot[];
  /** lots still without an award (the split follows the award) */
  pendingLots: { number: number; title: string; label: string }[];
  /** the visible bodies' totals over all lots */
  bodies: SplitBody[];
  /** Σ over every body of every lot, whoever views (what a table's "Summe" row shows) */
  totals: SplitFigures;
  reconciliation: Reconciliation;
};
