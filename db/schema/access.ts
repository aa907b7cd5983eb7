// Bodies, users, sessions, logins and the audit trail.
import { sql } from "drizzle-orm";
import {
  bigint,
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
import { bodyKinds, roles } from "../../app/domain/vocabulary";

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
    /** Checked with parseLeitwegId wherever it is written (app/domain/leitweg-id.ts). */
    leitwegId: text("leitweg_id"),
    // Billing data (XRechnung, decision 016): the postal address every body needs as a buyer;
    // the rest a lead needs as the seller of its re-invoicing.
    street: text("street"),
    postcode: varchar("postcode", { length: 5 }),
    city: text("city"),
    iban: text("iban"),
    bic: text("bic"),
    /** USt-IdNr., e.g. DE123456789 */
    vatId: text("vat_id"),
    /** Steuernummer, e.g. 21/815/08150 */
    taxNumber: text("tax_number"),
    invoiceContactName: text("invoice_contact_name"),
    invoiceContactPhone: text("invoice_contact_phone"),
    /** The lead's invoicing e-mail: contact (BT-43) and electronic address (BT-34). */
    invoiceEmail: text("invoice_email"),
    /**
     * The body's treasury books every demand line on a Kostenstelle: a line without one is
     * refused (form and upload), so every exported row carries one (issue 15, decision 022).
     */
    requireCostCentre: boolean("require_cost_centre").notNull().default(false),
    /**
     * The office's minimum submission period in Berlin calendar days for Öffentliche and
     * Beschränkte Ausschreibung below the EU threshold (§ 13 UVgO "angemessen"); decision 021.
     */
    nationalDeadlineMinDays: integer("national_deadline_min_days").notNull().default(10),
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
