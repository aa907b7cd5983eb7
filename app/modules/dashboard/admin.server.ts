// The administration's start page: how many users, bodies and mails there are, each linking to
// its list. Four counts in one statement.
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";

import { type AdminSection } from "./types";

export async function adminSection(): Promise<AdminSection> {
  const db = await getDb();
  const [row] = await queryRows<{
    users: number;
    bodies: number;
    queued: number;
    sent: number;
    failed: number;
  }>(
    db,
    sql`select (select count(*)::int from users) as users,
               (select count(*)::int from bodies) as bodies,
               (select count(*)::int from mail_outbox where state = 'queued') as queued,
               (select count(*)::int from mail_outbox where state = 'sent') as sent,
               (select count(*)::int from mail_outbox where state = 'failed') as failed`,
  );
  return {
    role: "admin",
    users: row?.users ?? 0,
    bodies: row?.bodies ?? 0,
    outbox: { queued: row?.queued ?? 0, sent: row?.sent ?? 0, failed: row?.failed ?? 0 },
  };
}
