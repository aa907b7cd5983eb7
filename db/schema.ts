// The one drizzle schema (DESIGN.md "Database"). Both drivers run the same migrations made from it.
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

// Relative: drizzle-kit reads this file without the app's path aliases.
import {
  awardCriteria as awardCriteriaValues,
  bodyKinds,
  itemCategories,
  mailKinds,
  mailStates,
  pricings,
  roles,
  roundStatuses,
  type SharedCostKey,
  type SharedCostPayers,
  sharedCostKeys,
  sharedCostKinds,
  sharedCostPayers as sharedCostPayerValues,
  tenderStatuses,
} from "../app/domain/vocabulary";

/** Körperschaft: Gemeinde, Stadt, Landkreis or Zweckverband. */
export const bodyKind = pgEnum("body_kind", bodyKinds);

export const bodies = pgTable(
  "bodies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Amtlicher Gemeindeschlüssel: 8 digits for a municipality, the 5-digit Kreis key for a Landkreis. */
    ags: varchar("ags", { length: 8 }),
    name: text("name").notNull(),
    kind: bodyKind("kind").notNull(),
    land: text("land").notNull(),
    kreis: text("kreis"),
    population: integer("population").notNull(),
    populationDate: date("population_date", { mode: "string" }).notNull(),
    leitwegId: text("leitweg_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("bodies_ags_unique").on(t.ags),
    // Search by name prefix and sort by name in the admin list.
    index("bodies_name_lower").on(sql`lower(${t.name}) text_pattern_ops`),
    index("bodies_kreis").on(t.kreis),
  ],
);

export const role = pgEnum("role", roles);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    bodyId: uuid("body_id")
      .notNull()
      .references(() => bodies.id),
    role: role("role").notNull(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Case-insensitive uniqueness: Max.Muster@hameln.de and max.muster@hameln.de are one person.
    uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`),
    index("users_body").on(t.bodyId),
  ],
);

/** Server-side sessions: the cookie carries a random token, the table its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** Failed and successful logins, for throttling by account and by address. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    succeeded: boolean("succeeded").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("login_attempts_email_time").on(t.email, t.attemptedAt),
    index("login_attempts_ip_time").on(t.ip, t.attemptedAt),
  ],
);

/**
 * Vergabevermerk (§ 8 VgV): append-only. A trigger in the migration refuses UPDATE, DELETE and
 * TRUNCATE, so not even a bug in the app can rewrite history; another sets `occurred_at` to the
 * database's clock on every insert, whatever the client sent, so no event can be backdated
 * (decision 014).
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id"),
    bodyId: uuid("body_id"),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_events_subject").on(t.subjectType, t.subjectId, t.id),
    index("audit_events_body").on(t.bodyId, t.id),
  ],
);

// ─── Catalogue and demand rounds (Bedarfsabfragen) ───────────────────────────────────────────

/** CPV 2008 main vocabulary, loaded from db/reference/cpv-2008.csv by the seed. */
export const cpvCodes = pgTable(
  "cpv_codes",
  {
    code: varchar("code", { length: 10 }).primaryKey(),
    labelDe: text("label_de").notNull(),
    labelEn: text("label_en").notNull(),
  },
  (t) => [index("cpv_codes_label_de_lower").on(sql`lower(${t.labelDe})`)],
);

export const itemCategory = pgEnum("item_category", itemCategories);

export const catalogueItems = pgTable(
  "catalogue_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    unit: text("unit").notNull(),
    cpvCode: varchar("cpv_code", { length: 10 })
      .notNull()
      .references(() => cpvCodes.code),
    category: itemCategory("category").notNull(),
    vatRateBp: integer("vat_rate_bp").notNull(),
    /** Reference net unit price in 1/10,000 EUR. */
    referencePrice: bigint("reference_price", { mode: "number" }).notNull(),
    attributes: text("attributes").notNull().default(""),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("catalogue_items_name_unit_unique").on(sql`lower(${t.name})`, t.unit),
    index("catalogue_items_cpv").on(t.cpvCode),
  ],
);

export const roundStatus = pgEnum("round_status", roundStatuses);

export const rounds = pgTable(
  "rounds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    leadBodyId: uuid("lead_body_id")
      .notNull()
      .references(() => bodies.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    budgetYear: integer("budget_year").notNull(),
    status: roundStatus("status").notNull().default("draft"),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    deadline: timestamp("deadline", { withTimezone: true }).notNull(),
    /** Reminders to silent invited bodies this many days before the deadline (decision 020). */
    reminderDays: integer("reminder_days")
      .array()
      .notNull()
      .default(sql`'{7,2}'::integer[]`),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("rounds_lead").on(t.leadBodyId, t.createdAt)],
);

export const roundItems = pgTable(
  "round_items",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => catalogueItems.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.itemId] })],
);

/** Invited bodies; `noDemandAt` is set when the body answered "kein Bedarf". */
export const roundInvitations = pgTable(
  "round_invitations",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    bodyId: uuid("body_id")
      .notNull()
      .references(() => bodies.id),
    noDemandAt: timestamp("no_demand_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.bodyId] }),
    index("round_invitations_body").on(t.bodyId),
  ],
);

/** Bedarfsmeldung: one body's quantity of one item for one cost centre. */
export const demandLines = pgTable(
  "demand_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roundId: uuid("round_id").notNull(),
    bodyId: uuid("body_id").notNull(),
    itemId: uuid("item_id").notNull(),
    quantity: integer("quantity").notNull(),
    costCentre: text("cost_centre").notNull().default(""),
    product: text("product").notNull().default(""),
    ledgerAccount: text("ledger_account").notNull().default(""),
    deliveryAddress: text("delivery_address").notNull().default(""),
    note: text("note").notNull().default(""),
    /** Optimistic locking: every change increments it; a save names the version it read. */
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    foreignKey({
      columns: [t.roundId, t.bodyId],
      foreignColumns: [roundInvitations.roundId, roundInvitations.bodyId],
    }),
    foreignKey({
      columns: [t.roundId, t.itemId],
      foreignColumns: [roundItems.roundId, roundItems.itemId],
    }),
    // One line per body, item and cost centre: the unit the cost split works on.
    uniqueIndex("demand_lines_natural_key").on(t.roundId, t.bodyId, t.itemId, t.costCentre),
    index("demand_lines_round_item").on(t.roundId, t.itemId),
    check("demand_lines_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

// ─── Joint tenders (gemeinsame Ausschreibungen) ──────────────────────────────────────────────

export const pricingRule = pgEnum("pricing_rule", pricings);
export const tenderStatus = pgEnum("tender_status", tenderStatuses);
export const awardCriteria = pgEnum("award_criteria", awardCriteriaValues);
export const splitKey = pgEnum("split_key", sharedCostKeys);
export const sharedCostPayers = pgEnum("shared_cost_payers", sharedCostPayerValues);
export const sharedCostKind = pgEnum("shared_cost_kind", sharedCostKinds);

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
    termMonths: integer("term_months").notNull().default(12),
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

// ─── The stored split (decision 010) ─────────────────────────────────────────────────────────
// Computed once, in the award's transaction, from the frozen lines, the awarded bid and the
// lot's shared costs (which cannot change after the award): later changes to a population, a
// VAT rate in the catalogue or the reference data never move what a treasurer was told. Every
// read (pages, exports) reads these rows; nothing recomputes an awarded lot. Like tender_lines
// (decision 008), the rows under lot_splits carry no foreign keys: one function writes them
// once, and per-row key checks were a sixth of the award's time at national scale.

/** Per awarded lot: the invoice, the shared costs as split, and the items' prices and rates. */
export const lotSplits = pgTable("lot_splits", {
  lotId: uuid("lot_id")
    .primaryKey()
    .references(() => awards.lotId, { onDelete: "cascade" }),
  tenderId: uuid("tender_id").notNull(),
  /** the supplier's invoice: net and VAT cents per VAT rate (basis points), gross */
  invoice: jsonb("invoice")
    .$type<{
      netCentsByRate: Record<number, number>;
      vatCentsByRate: Record<number, number>;
      grossCents: number;
    }>()
    .notNull(),
  /** the shared costs as split (a percentage fee as its amount in cents), by id */
  sharedCosts: jsonb("shared_costs")
    .$type<
      {
        id: string;
        amountCents: number;
        vatRateBp: number;
        key: SharedCostKey;
        payers: SharedCostPayers;
      }[]
    >()
    .notNull(),
  /** per item id: the unit price shown (1/10,000 EUR) and the VAT rate the split used */
  items: jsonb("items").$type<Record<string, { unitPrice: number; vatRateBp: number }>>().notNull(),
  /** licence lots: the budget years that split_bodies.year_cents stand for */
  years: integer("years").array().notNull(),
  storedAt: timestamp("stored_at", { withTimezone: true }).notNull(),
});

/**
 * A line's cents by (lot, item, quantity): every line of a group gets the same whole cents and
 * remainder, so a group's cents (without a tie cent) stand for all of its lines.
 */
export const splitGroups = pgTable(
  "split_groups",
  {
    lotId: uuid("lot_id").notNull(),
    itemId: uuid("item_id").notNull(),
    quantity: integer("quantity").notNull(),
    netCents: bigint("net_cents", { mode: "number" }).notNull(),
    vatCents: bigint("vat_cents", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.lotId, t.itemId, t.quantity] })],
);

/** The lines of a tie class that won its last cents (net, VAT: 0 or 1 each). */
export const splitTieCents = pgTable(
  "split_tie_cents",
  {
    lotId: uuid("lot_id").notNull(),
    lineId: bigint("line_id", { mode: "number" }).notNull(),
    netCents: integer("net_cents").notNull(),
    vatCents: integer("vat_cents").notNull(),
  },
  (t) => [primaryKey({ columns: [t.lotId, t.lineId] })],
);

/** Per body of an awarded lot: what it pays, what it would have paid alone, its savings. */
export const splitBodies = pgTable(
  "split_bodies",
  {
    lotId: uuid("lot_id").notNull(),
    bodyId: uuid("body_id").notNull(),
    goodsNetCents: bigint("goods_net_cents", { mode: "number" }).notNull(),
    goodsVatCents: bigint("goods_vat_cents", { mode: "number" }).notNull(),
    sharedNetCents: bigint("shared_net_cents", { mode: "number" }).notNull(),
    sharedVatCents: bigint("shared_vat_cents", { mode: "number" }).notNull(),
    grossCents: bigint("gross_cents", { mode: "number" }).notNull(),
    aloneNetCents: bigint("alone_net_cents", { mode: "number" }).notNull(),
    grossSavingsCents: bigint("gross_savings_cents", { mode: "number" }).notNull(),
    netSavingsCents: bigint("net_savings_cents", { mode: "number" }).notNull(),
    lines: integer("lines").notNull(),
    /** licence lots: gross cents per budget year of lot_splits.years */
    yearCents: bigint("year_cents", { mode: "number" }).array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.lotId, t.bodyId] })],
);

/** Per shared cost of an awarded lot and paying body: its share. */
export const splitShares = pgTable(
  "split_shares",
  {
    lotId: uuid("lot_id").notNull(),
    costId: uuid("cost_id").notNull(),
    bodyId: uuid("body_id").notNull(),
    netCents: bigint("net_cents", { mode: "number" }).notNull(),
    vatCents: bigint("vat_cents", { mode: "number" }).notNull(),
    grossCents: bigint("gross_cents", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.lotId, t.costId, t.bodyId] }),
    index("split_shares_lot_body").on(t.lotId, t.bodyId),
  ],
);

/**
 * A running (or finished) download of a long export, so that the page can show how far it is:
 * the browser fetches the file and polls this row. The id is the page's (a random UUID); only
 * the user who started the download can read it.
 */
export const exportRuns = pgTable(
  "export_runs",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tenderId: uuid("tender_id").notNull(),
    format: text("format").notNull(),
    /** the lines the file will hold, and how many of them are written */
    rowsTotal: integer("rows_total").notNull(),
    rowsDone: integer("rows_done").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    failed: boolean("failed").notNull().default(false),
  },
  (t) => [index("export_runs_user").on(t.userId, t.startedAt)],
);

// ─── Mail (decision 020) ─────────────────────────────────────────────────────────────────────

export const mailKind = pgEnum("mail_kind", mailKinds);
export const mailState = pgEnum("mail_state", mailStates);

/**
 * The outbox: every mail is written here in the transaction of the event that causes it, and a
 * worker delivers it. The unique key (kind, subject, recipient) keeps an event from queueing a
 * mail twice. A worker claims a row by moving `next_attempt_at` past its lease, so a crashed
 * worker's rows come due again by themselves.
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: mailKind("kind").notNull(),
    /** what the mail is about, e.g. `round:<id>` or `round:<id>:reminder:7:<deadline>` */
    subjectKey: text("subject_key").notNull(),
    recipientUserId: uuid("recipient_user_id")
      .notNull()
      .references(() => users.id),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    state: mailState("state").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("mail_outbox_dedupe").on(t.kind, t.subjectKey, t.recipientUserId),
    index("mail_outbox_due")
      .on(t.nextAttemptAt)
      .where(sql`${t.state} = 'queued'`),
    index("mail_outbox_created").on(t.createdAt, t.id),
  ],
);

/** The kinds of mail a user has turned off (absent: the user receives it). */
export const mailOptOuts = pgTable(
  "mail_opt_outs",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: mailKind("kind").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);
