import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  foreignKey,
  primaryKey,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

// Relative: drizzle-kit reads these files without the app's path aliases.
import {
  goodsBillings,
  awardCriteria as awardCriteriaValues,
  pricings,
  sharedCostKeys,
  sharedCostKinds,
  sharedCostPayers as sharedCostPayerValues,
  tenderStatuses,
} from "../../app/domain/vocabulary";
import { bodies, users } from "./access";
import { itemCategory, catalogueItems, roundItems, rounds } from "./demand";

// ─── Joint tenders (gemeinsame Ausschreibungen) ──────────────────────────────────────────────

export const pricingRule = pgEnum("pricing_rule", pricings);
export const tenderStatus = pgEnum("tender_status", tenderStatuses);
export const awardCriteria = pgEnum("award_criteria", awardCriteriaValues);
export const splitKey = pgEnum("split_key", sharedCostKeys);
export const sharedCostPayers = pgEnum("shared_cost_payers", sharedCostPayerValues);
export const sharedCostKind = pgEnum("shared_cost_kind", sharedCostKinds);
export const goodsBilling = pgEnum("goods_billing", goodsBillings);

export const tenders = pgTable(
  "tenders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    leadBodyId: uuid("lead_body_id")
      .notNull()
      .references(() => bodies.id),
    /** Vergabenummer, unique per lead body. */
    referenceNumber: text("reference_number").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    pricing: pricingRule("pricing").notNull().default("all-units"),
    framework: boolean("framework").notNull().default(false),
    /** Who invoices the bodies' goods: the supplier each body, or the lead centrally (re-invoiced). */
    goodsBilling: goodsBilling("goods_billing").notNull().default("supplier"),
    termMonths: integer("term_months").notNull().default(12),
    /** Extension options the contract provides for, in months each (§ 3 Abs. 1 Satz 2 VgV). */
    extensionMonths: integer("extension_months")
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    /**
     * A framework agreement's reserve for call-offs (Abrufe) beyond the bundled demand, in basis
     * points of each lot's bundled quantity (1000 = 10 %); set before publication, stated by the
     * notice and the specification (decision 025).
     */
    callOffReserveBp: integer("call_off_reserve_bp").notNull().default(0),
    /** Why a framework runs longer than 48 months (§ 21 Abs. 6 VgV); required then. */
    termReason: text("term_reason").notNull().default(""),
    contractStart: date("contract_start", { mode: "string" }).notNull(),
    criteria: awardCriteria("criteria").notNull().default("price"),
    /** Weight of price points when quality criteria apply, in basis points (10000 = 100 %). */
    priceWeightBp: integer("price_weight_bp").notNull().default(10000),
    submissionDeadline: timestamp("submission_deadline", { withTimezone: true }).notNull(),
    status: tenderStatus("status").notNull().default("draft"),
    /** The procedure the office chose (e.g. "eu-open", "national-public"), with its reason if it departs from the advice. */
    procedure: text("procedure"),
    procedureReason: text("procedure_reason").notNull().default(""),
    /** The exception ground (id from app/domain/exception-grounds.ts) the procedure needs, if any. */
    procedureGround: text("procedure_ground"),
    /** Why the ground applies (or which Land rule allows the procedure); for the Vergabevermerk. */
    procedureJustification: text("procedure_justification").notNull().default(""),
    /** Reasoned urgency (EU) or reason for a shorter national period than the office's minimum. */
    deadlineReason: text("deadline_reason").notNull().default(""),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("tenders_lead_reference_unique").on(t.leadBodyId, t.referenceNumber),
    index("tenders_status").on(t.status, t.publishedAt),
  ],
);

/** The closed rounds a tender bundles. */
export const tenderRounds = pgTable(
  "tender_rounds",
  {
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
  },
  (t) => [
    primaryKey({ columns: [t.tenderId, t.roundId] }),
    index("tender_rounds_round").on(t.roundId),
  ],
);

/** The bodies taking part (those with demand; the office may leave some out). */
export const tenderParticipants = pgTable(
  "tender_participants",
  {
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    bodyId: uuid("body_id")
      .notNull()
      .references(() => bodies.id),
  },
  (t) => [
    primaryKey({ columns: [t.tenderId, t.bodyId] }),
    index("tender_participants_body").on(t.bodyId),
  ],
);

export const lots = pgTable(
  "lots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    category: itemCategory("category").notNull(),
  },
  (t) => [uniqueIndex("lots_tender_number_unique").on(t.tenderId, t.number)],
);

/**
 * Where each lot stands in its lifecycle (app/domain/lifecycle.ts, decision 023). Lots are frozen
 * at publication, so their status lives here: one row per lot from the publication on (no row =
 * Entwurf). The tender's status is derived from its lots.
 */
export const lotStates = pgTable(
  "lot_states",
  {
    lotId: uuid("lot_id")
      .primaryKey()
      .references(() => lots.id, { onDelete: "cascade" }),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    /** draft, published, offers-closed, evaluation, awarded, completed or cancelled */
    status: text("status").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull(),
    /** § 134 GWB: when the information to the unsuccessful bidders was sent, and how */
    informationSentAt: timestamp("information_sent_at", { withTimezone: true }),
    informationElectronic: boolean("information_electronic"),
    /** the bid the information names as the winner; the award must go to it */
    informedBidId: uuid("informed_bid_id").references(() => bids.id),
    informedReason: text("informed_reason").notNull().default(""),
    /** § 63 VgV / § 48 UVgO: the ground's id (exception-grounds.ts) and the justification */
    cancellationGround: text("cancellation_ground"),
    cancellationJustification: text("cancellation_justification"),
  },
  (t) => [
    index("lot_states_tender").on(t.tenderId),
    check(
      "lot_states_status_known",
      sql`${t.status} in ('draft', 'published', 'offers-closed', 'evaluation', 'awarded', 'completed', 'cancelled')`,
    ),
  ],
);

/**
 * Which tender took each round item (issue 15 point 6): an item of a round is bundled into at
 * most one tender. Written when the tender is created; released when the tender is cancelled.
 */
export const tenderRoundItems = pgTable(
  "tender_round_items",
  {
    roundId: uuid("round_id").notNull(),
    itemId: uuid("item_id").notNull(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.itemId] }),
    foreignKey({
      name: "tender_round_items_round_item_fk",
      columns: [t.roundId, t.itemId],
      foreignColumns: [roundItems.roundId, roundItems.itemId],
    }).onDelete("cascade"),
    index("tender_round_items_tender").on(t.tenderId),
  ],
);

/**
 * An item in a lot with its price bands: `bandMinQty` holds each band's lower bound, ascending
 * and starting at 0. `bundledQuantity` is frozen at publication (live sum before).
 *
 * The `item*` columns are the catalogue item as published (decision 011): null while the tender
 * is a draft (it reads the catalogue live), written by the publication's transaction, never
 * changed afterwards. Readers take `coalesce(snapshot, catalogue)` through
 * app/modules/tender/tendered-item.server.ts, so a later catalogue edit never moves a published tender.
 */
export const lotItems = pgTable(
  "lot_items",
  {
    lotId: uuid("lot_id")
      .notNull()
      .references(() => lots.id, { onDelete: "cascade" }),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => catalogueItems.id),
    position: integer("position").notNull(),
    bandMinQty: integer("band_min_qty").array().notNull(),
    bundledQuantity: bigint("bundled_quantity", { mode: "number" }),
    itemName: text("item_name"),
    itemDescription: text("item_description"),
    itemUnit: text("item_unit"),
    itemCpvCode: varchar("item_cpv_code", { length: 10 }),
    itemCategory: itemCategory("item_category"),
    itemVatRateBp: integer("item_vat_rate_bp"),
    /** reference net unit price in 1/10,000 EUR, as published */
    itemReferencePrice: bigint("item_reference_price", { mode: "number" }),
    itemAttributes: text("item_attributes"),
  },
  (t) => [
    primaryKey({ columns: [t.lotId, t.itemId] }),
    // An item belongs to one lot of a tender.
    uniqueIndex("lot_items_tender_item_unique").on(t.tenderId, t.itemId),
  ],
);

export const qualityCriteria = pgTable("quality_criteria", {
  id: uuid("id").primaryKey().defaultRandom(),
  tenderId: uuid("tender_id")
    .notNull()
    .references(() => tenders.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  weightBp: integer("weight_bp").notNull(),
  position: integer("position").notNull(),
});

/** Shared costs per lot: delivery flat fee, the lead's admin fee (fixed or a percentage of the lot's net). */
export const sharedCosts = pgTable(
  "shared_costs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    lotId: uuid("lot_id")
      .notNull()
      .references(() => lots.id, { onDelete: "cascade" }),
    kind: sharedCostKind("kind").notNull(),
    label: text("label").notNull(),
    /** For delivery and admin-fixed: net cents. */
    amountCents: bigint("amount_cents", { mode: "number" }),
    /** For admin-percent: basis points of the lot's net. */
    percentBp: integer("percent_bp"),
    vatRateBp: integer("vat_rate_bp").notNull(),
    key: splitKey("key").notNull().default("value"),
    payers: sharedCostPayers("payers").notNull().default("all"),
  },
  (t) => [index("shared_costs_lot").on(t.lotId)],
);

/** Frozen snapshot of every participant's lines, written once at publication. */
export const tenderLines = pgTable(
  "tender_lines",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    // No foreign keys here, deliberately (decision 008): the snapshot is written once, by one
    // statement that selects only demand lines of participating bodies (demand_lines' own keys
    // reference invitations and round items) joined to this tender's lot items; the referenced
    // tenders, lots, bodies and items are never deleted once published. Four per-row key checks
    // were three quarters of the publication's time at a million lines.
    tenderId: uuid("tender_id").notNull(),
    lotId: uuid("lot_id").notNull(),
    bodyId: uuid("body_id").notNull(),
    itemId: uuid("item_id").notNull(),
    sourceLineId: uuid("source_line_id"),
    quantity: integer("quantity").notNull(),
    costCentre: text("cost_centre").notNull(),
    product: text("product").notNull(),
    ledgerAccount: text("ledger_account").notNull(),
    deliveryAddress: text("delivery_address").notNull(),
    note: text("note").notNull(),
  },
  (t) => [
    index("tender_lines_lot_body").on(t.lotId, t.bodyId),
    index("tender_lines_tender_body").on(t.tenderId, t.bodyId),
  ],
);

export const bids = pgTable(
  "bids",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    lotId: uuid("lot_id")
      .notNull()
      .references(() => lots.id, { onDelete: "cascade" }),
    bidderName: text("bidder_name").notNull(),
    bidderAddress: text("bidder_address").notNull().default(""),
    /** Quality points per criterion id (0–100), where the criteria ask for them. */
    qualityPoints: jsonb("quality_points").$type<Record<string, number>>().notNull().default({}),
    source: text("source").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("bids_lot").on(t.lotId)],
);

/** A bid's unit price (1/10,000 EUR) per item and band. */
export const bidPrices = pgTable(
  "bid_prices",
  {
    bidId: uuid("bid_id")
      .notNull()
      .references(() => bids.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => catalogueItems.id),
    bandIndex: integer("band_index").notNull(),
    unitPrice: bigint("unit_price", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.bidId, t.itemId, t.bandIndex] })],
);

/** Zuschlag: one award per lot; a reason when it is not the best-ranked bid. */
export const awards = pgTable("awards", {
  lotId: uuid("lot_id")
    .primaryKey()
    .references(() => lots.id, { onDelete: "cascade" }),
  tenderId: uuid("tender_id")
    .notNull()
    .references(() => tenders.id, { onDelete: "cascade" }),
  bidId: uuid("bid_id")
    .notNull()
    .references(() => bids.id),
  reason: text("reason").notNull().default(""),
  awardedBy: uuid("awarded_by")
    .notNull()
    .references(() => users.id),
  awardedAt: timestamp("awarded_at", { withTimezone: true }).notNull(),
});
