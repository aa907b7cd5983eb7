import {
  bigint,
  primaryKey,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

// Relative: drizzle-kit reads these files without the app's path aliases.
import { type SharedCostKey, type SharedCostPayers } from "../../app/domain/vocabulary";
import { users } from "./access";
import { awards } from "./tender";

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
