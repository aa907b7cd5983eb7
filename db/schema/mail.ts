import { sql } from "drizzle-orm";
import {
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import { mailKinds, mailStates } from "../../app/domain/vocabulary";
import { users } from "./access";

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
