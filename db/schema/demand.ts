import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  foreignKey,
  primaryKey,
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

// Relative: drizzle-kit reads these files without the app's path aliases.
import { itemCategories, roundStatuses } from "../../app/domain/vocabulary";
import { bodies, users } from "./access";

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
    /** The deadline in force when the round was closed early (the deadline then becomes the close). */
    originalDeadline: timestamp("original_deadline", { withTimezone: true }),
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
    // The foreign key to round_items (its checks on a round item's delete) and "is this item in
    // use". Item first: a body's lines in a round (round_id, body_id, …) must have only the
    // natural key to go by, or a plan made while the table's statistics still say "empty" (a
    // bulk import with autovacuum behind or off) reads every line of the round per statement.
    index("demand_lines_item_round").on(t.itemId, t.roundId),
    check("demand_lines_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

/**
 * The partner finder's aggregate (decision 029): per budget year, catalogue item and Landkreis
 * (first 5 digits of the body's AGS, '' without one), the number of bodies with demand for the
 * item in that year's rounds and their summed quantity. Never written by the app: statement
 * triggers on demand_lines append each statement's change to `partner_item_deltas` (an insert,
 * so concurrent saves never wait for each other), and `partner_item_totals_fold()` moves the
 * deltas into these rows in a short transaction of its own. The exact figure is always
 * totals + deltas; `GET /partner` reads some 400 rows per item instead of every body's lines.
 */
export const partnerItemTotals = pgTable(
  "partner_item_totals",
  {
    budgetYear: integer("budget_year").notNull(),
    itemId: uuid("item_id").notNull(),
    kreis: text("kreis").notNull(),
    bodies: integer("bodies").notNull(),
    quantity: bigint("quantity", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.budgetYear, t.itemId, t.kreis] })],
);

/**
 * Changes to `partner_item_totals` not folded in yet (decision 029). Read and folded through the
 * key `id`, never by a scan of the table: its heap is mostly deleted rows until vacuum.
 */
export const partnerItemDeltas = pgTable("partner_item_deltas", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  budgetYear: integer("budget_year").notNull(),
  itemId: uuid("item_id").notNull(),
  kreis: text("kreis").notNull(),
  bodies: integer("bodies").notNull(),
  quantity: bigint("quantity", { mode: "number" }).notNull(),
});
