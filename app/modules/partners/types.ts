// What the partner finder's page receives: browser-safe shapes, no other body's figures.

/** Where an item's prices come from, as the page names it. */
export type EstimateSource =
  | { kind: "award"; tenderTitle: string; referenceNumber: string; awardedAt: string }
  | { kind: "reference"; referencePrice: number };

/**
 * One candidate bundle as the page may show it (decision 018): no other body's figure, only
 * counts, the rounded total (with at least two other bodies) and the band the bundle reaches.
 */
export type PartnerBundle = {
  itemId: string;
  name: string;
  unit: string;
  cpvGroup: string;
  ownQuantity: number;
  otherBodies: number;
  /** bodies in the region without demand for the item ("könnte beitreten") */
  couldJoin: number;
  /** the bundle's total incl. this body, rounded ("ca."); null with fewer than two others */
  roundedTotal: number | null;
  bandNumber: number | null;
  bandCount: number | null;
  bandMinQty: number | null;
  savingCents: number;
  source: EstimateSource;
};

export type CpvGroupSummary = {
  cpvGroup: string;
  items: number;
  mostOtherBodies: number;
  savingCents: number;
};

export type ItemBody = {
  id: string;
  name: string;
  ags: string | null;
  kreis: string | null;
  population: number;
  /** already buys the item in the basis year; else it "könnte beitreten" */
  buys: boolean;
  /** per-inhabitant estimate for a body that could join; null when not shown (decision 018) */
  estimate: number | null;
};

export type RegionOption = { key: string; name: string };
