import { bigint, date, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

import { bodies, users } from "./access";
import { catalogueItems } from "./demand";
import { lots, tenders } from "./tender";

// ─── Call-offs (Abrufe) against a framework agreement (decision 025) ─────────────────────────

/**
 * A framework lot's maximum (Höchstmenge), fixed in the award's transaction: the bundled quantity
 * of its items plus the tender's reserve. Every call-off locks this row (SELECT … FOR UPDATE), so
 * two call-offs at once cannot together pass the maximum. (The lot row itself is final after
 * publication, decision 014.)
 */
export const callOffMaxima = pgTable("call_off_maxima", {
  lotId: uuid("lot_id")
    .primaryKey()
    .references(() => lots.id, { onDelete: "cascade" }),
  tenderId: uuid("tender_id")
    .notNull()
    .references(() => tenders.id, { onDelete: "cascade" }),
  bundledQuantity: bigint("bundled_quantity", { mode: "number" }).notNull(),
  reserveBp: integer("reserve_bp").notNull(),
  maxQuantity: bigint("max_quantity", { mode: "number" }).notNull(),
  fixedAt: timestamp("fixed_at", { withTimezone: true }).notNull(),
});

/**
 * A call-off of a participating body under an awarded framework lot, priced when recorded at the
 * unit price the award fixed (the band of the bundled quantity) and never changed afterwards.
 * The sum of a lot's quantities never exceeds its `call_off_maxima.max_quantity`.
 */
export const callOffs = pgTable(
  "call_offs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    lotId: uuid("lot_id")
      .notNull()
      .references(() => lots.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => catalogueItems.id),
    bodyId: uuid("body_id")
      .notNull()
      .references(() => bodies.id),
    quantity: integer("quantity").notNull(),
    /** the day of the call-off (ISO date); its year is the Haushaltsjahr */
    calledOn: date("called_on", { mode: "string" }).notNull(),
    budgetYear: integer("budget_year").notNull(),
    costCentre: text("cost_centre").notNull(),
    /** net unit price in 1/10,000 EUR, as awarded */
    unitPrice: bigint("unit_price", { mode: "number" }).notNull(),
    vatRateBp: integer("vat_rate_bp").notNull(),
    netCents: bigint("net_cents", { mode: "number" }).notNull(),
    vatCents: bigint("vat_cents", { mode: "number" }).notNull(),
    recordedBy: uuid("recorded_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("call_offs_lot").on(t.lotId),
    index("call_offs_tender_body").on(t.tenderId, t.bodyId, t.calledOn),
  ],
);
