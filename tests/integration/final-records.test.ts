// What is final stays final in the database itself (issue 13, decision 014), tested AS THE APP'S
// ROLE on both databases: on PostgreSQL a login role with exactly the grants of db/roles.ts,
// connected by the product's own client in verify mode; on PGlite the same grants to a role the
// single connection switches to (SET ROLE). As that role the normal flows work — publish, record
// and delete bids, award with its stored split, the backfill of a split for a lot awarded before
// decision 010, deleting a draft tender with its lots — while every attempt to rewrite a published
// snapshot, an awarded lot's bids, an award, a stored split, or to backdate an audit event is
// refused (or, for the audit time, overridden) and leaves the rows as they were. The triggers
// alone refuse the same for the owner, which is what binds the app on a single-user PGlite.
import { randomBytes } from "node:crypto";

import { eq, sql } from "drizzle-orm";
import postgres from "postgres";

import { closeDatabase, connection, pgErrorCode, queryRows } from "#db/client";
import { FINAL_TABLES, grantAppRoleStatements } from "#db/roles";
import { awards, tenders } from "#db/schema";
import { recordAuditEvent } from "~/modules/audit/index.server";
import { deleteBid, listTenderLots, recordBid } from "~/modules/bids/index.server";
import { splitForTender } from "~/modules/split/index.server";
import { readLotSplits } from "~/modules/split/index.server";

import { bidderPrices, FACTORY_BIDDERS, makeAwardedTender } from "../factories/awards";
import { makePublishedTender } from "../factories/tenders";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const app = `bk_app_${process.pid}_${randomBytes(3).toString("hex")}`;
const password = randomBytes(12).toString("hex");
let ownerUrl: string | undefined;

beforeAll(async () => {
  // The database is migrated by its owner (the superuser here); the app role gets its grants.
  const { db, driver } = await connection();
  await db.execute(
    sql.raw(
      driver === "postgres"
        ? `create role ${app} login password '${password}'`
        : `create role ${app}`,
    ),
  );
  for (const statement of grantAppRoleStatements(app)) await db.execute(sql.raw(statement));
  if (driver === "postgres") {
    ownerUrl = process.env.DATABASE_URL!;
    const url = new URL(ownerUrl);
    url.username = app;
    url.password = password;
    await closeDatabase();
    process.env.DATABASE_URL = url.toString();
    process.env.DATABASE_MIGRATIONS = "verify";
    await connection();
  } else {
    await db.execute(sql.raw(`set role ${app}`));
  }
});

afterAll(async () => {
  if (!ownerUrl) return;
  await closeDatabase();
  process.env.DATABASE_URL = ownerUrl;
  delete process.env.DATABASE_MIGRATIONS;
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  await owner.unsafe(`drop owned by ${app}`);
  await owner.unsafe(`drop role ${app}`);
  await owner.end();
});

/** Runs `statement` as the owner (the superuser): the triggers alone must refuse it. */
async function asOwner(statement: string): Promise<unknown> {
  const { db, driver } = await connection();
  if (driver === "pglite") {
    await db.execute(sql.raw("reset role"));
    try {
      return await db.execute(sql.raw(statement));
    } finally {
      await db.execute(sql.raw(`set role ${app}`));
    }
  }
  const owner = postgres(ownerUrl!, { max: 1, onnotice: () => {} });
  try {
    return await owner.unsafe(statement);
  } finally {
    await owner.end();
  }
}

async function checksum(table: string) {
  const { db } = await connection();
  const [row] = await queryRows<{ n: number; sum: string }>(
    db,
    sql.raw(
      `select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as sum from ${table} t`,
    ),
  );
  return row!;
}

type Awarded = Awaited<ReturnType<typeof makeAwardedTender>>;
let awarded: Awarded;

describe("as the app's role", () => {
  it("runs as that role and does the normal flows: publish, bids, award with stored split", async () => {
    const { db } = await connection();
    const [who] = await queryRows<{ user: string }>(db, sql`select current_user as user`);
    expect(who?.user).toBe(app);
    awarded = await makeAwardedTender();
    const stored = await readLotSplits({
      tenderId: awarded.tenderId,
      lotIds: awarded.awarded.map((a) => a.lotId),
    });
    expect(stored.size).toBe(awarded.lotIds.length);
    const [lines] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from tender_lines where tender_id = ${awarded.tenderId}`,
    );
    expect(lines!.n).toBe(8);
  });

  it("deletes a bid before its lot is awarded, and stores the split of an award from before decision 010 on first read", async () => {
    const { db } = await connection();
    const published = await makePublishedTender();
    const actor = {
      tenderId: published.tenderId,
      leadBodyId: published.leadBodyId,
      actorUserId: published.lead.id,
    };
    const [lotId] = published.lotIds as [string];
    const bidIds: string[] = [];
    for (const bidder of FACTORY_BIDDERS.slice(0, 2)) {
      const [lot] = await listTenderLots({ tenderId: published.tenderId, lotId });
      const result = await recordBid({
        ...actor,
        lotId,
        bidderName: bidder.name,
        bidderAddress: bidder.address,
        prices: bidderPrices(lot!, bidder),
        source: "typed",
      });
      bidIds.push(result.bidId);
    }
    await deleteBid({ ...actor, bidId: bidIds[1]! });
    // An award written as before decision 010, without its split: the first read stores it.
    await db.insert(awards).values({
      lotId,
      tenderId: published.tenderId,
      bidId: bidIds[0]!,
      awardedBy: published.lead.id,
      awardedAt: new Date(),
    });
    expect((await readLotSplits({ tenderId: published.tenderId, lotIds: [lotId] })).size).toBe(0);
    const split = await splitForTender({
      tenderId: published.tenderId,
      viewerBodyId: published.leadBodyId,
    });
    expect(split!.reconciliation.balanced).toBe(true);
    expect((await readLotSplits({ tenderId: published.tenderId, lotIds: [lotId] })).size).toBe(1);
  });

  it("deletes a draft tender with its lots and items (the cascade meets no frozen row)", async () => {
    const { db } = await connection();
    const [draft] = await db
      .insert(tenders)
      .values({
        leadBodyId: awarded.leadBodyId,
        referenceNumber: `E-${randomBytes(3).toString("hex")}`,
        title: "Entwurf",
        contractStart: "2027-01-01",
        submissionDeadline: new Date(Date.now() + 86_400_000),
        createdBy: awarded.lead.id,
      })
      .returning({ id: tenders.id });
    const draftId = draft!.id;
    await db.execute(sql`
      with lot as (insert into lots (tender_id, number, title, category)
                   values (${draftId}, 1, 'Entwurfslos', 'consumable') returning id)
      insert into lot_items (lot_id, tender_id, item_id, position, band_min_qty)
      select lot.id, ${draftId}, ${awarded.itemIds[0]!}, 0, '{0,100}' from lot`);
    await db.delete(tenders).where(eq(tenders.id, draftId));
    const [left] = await queryRows<{ n: number }>(
      db,
      sql`select (select count(*) from lots where tender_id = ${draftId})
               + (select count(*) from lot_items where tender_id = ${draftId}) as n`,
    );
    expect(Number(left!.n)).toBe(0);
  });

  it("stamps an audit event with the database's clock, whatever time the client sends", async () => {
    const { db } = await connection();
    const before = Date.now();
    const [row] = await queryRows<{ occurred_at: string | Date }>(
      db,
      sql`insert into audit_events (occurred_at, action, subject_type, data)
          values ('2020-01-01T00:00:00Z', 'test.backdated', 'test', '{}') returning occurred_at`,
    );
    const at = new Date(row!.occurred_at).getTime();
    expect(at).toBeGreaterThanOrEqual(before - 60_000);
    expect(at).toBeLessThanOrEqual(Date.now() + 60_000);
    // The app's own writer sends no time at all; the column's default and the trigger set it.
    await recordAuditEvent(null, {
      actorUserId: null,
      bodyId: null,
      action: "test.stamped",
      subjectType: "test",
    });
    const [stamped] = await queryRows<{ occurred_at: string | Date }>(
      db,
      sql`select occurred_at from audit_events where action = 'test.stamped'`,
    );
    expect(Math.abs(new Date(stamped!.occurred_at).getTime() - Date.now())).toBeLessThan(60_000);
  });
});

/** Every way to rewrite what is final; `table` is the table whose rows must stay as they were. */
function refusals(): { what: string; table: string; statement: string }[] {
  const t = awarded.tenderId;
  const first = awarded.awarded[0]!;
  const lot = first.lotId;
  const win = first.bidId;
  const rows: { what: string; table: string; statement: string }[] = [
    {
      what: "change a frozen tender line",
      table: "tender_lines",
      statement: `update tender_lines set quantity = quantity + 1 where tender_id = '${t}'`,
    },
    {
      what: "delete frozen tender lines",
      table: "tender_lines",
      statement: `delete from tender_lines where tender_id = '${t}'`,
    },
    {
      what: "add a tender line after publication",
      table: "tender_lines",
      statement: `insert into tender_lines (tender_id, lot_id, body_id, item_id, quantity, cost_centre, product, ledger_account, delivery_address, note)
                  select tender_id, lot_id, body_id, item_id, 1000, 'nachträglich', '', '', '', '' from tender_lines where tender_id = '${t}' limit 1`,
    },
    {
      what: "change a published lot",
      table: "lots",
      statement: `update lots set title = 'Umbenannt' where tender_id = '${t}'`,
    },
    {
      what: "add a lot to a published tender",
      table: "lots",
      statement: `insert into lots (tender_id, number, title, category) values ('${t}', 99, 'Nachgeschoben', 'consumable')`,
    },
    {
      what: "delete a published lot",
      table: "lots",
      statement: `delete from lots where id = '${lot}'`,
    },
    {
      what: "change a published item's bands",
      table: "lot_items",
      statement: `update lot_items set band_min_qty = '{0}', bundled_quantity = 1 where tender_id = '${t}'`,
    },
    {
      what: "delete a published lot item",
      table: "lot_items",
      statement: `delete from lot_items where tender_id = '${t}'`,
    },
    {
      what: "delete a published tender",
      table: "tenders",
      statement: `delete from tenders where id = '${t}'`,
    },
    {
      what: "turn a published tender back into a draft",
      table: "tenders",
      statement: `update tenders set status = 'draft' where id = '${t}'`,
    },
    {
      what: "change a bid of an awarded lot",
      table: "bids",
      statement: `update bids set bidder_name = 'Andere GmbH' where lot_id = '${lot}'`,
    },
    {
      what: "delete a losing bid of an awarded lot",
      table: "bids",
      statement: `delete from bids where lot_id = '${lot}' and id <> '${win}'`,
    },
    {
      what: "add a bid to an awarded lot",
      table: "bids",
      statement: `insert into bids (tender_id, lot_id, bidder_name, source, created_by, created_at)
                  select tender_id, lot_id, 'Nachzügler AG', 'typed', created_by, created_at from bids where id = '${win}'`,
    },
    {
      what: "change the awarded bid's prices",
      table: "bid_prices",
      statement: `update bid_prices set unit_price = unit_price + 1 where bid_id = '${win}'`,
    },
    {
      what: "delete a losing bid's prices of an awarded lot",
      table: "bid_prices",
      statement: `delete from bid_prices where bid_id in (select id from bids where lot_id = '${lot}' and id <> '${win}')`,
    },
    {
      what: "add a price to the awarded bid",
      table: "bid_prices",
      statement: `insert into bid_prices (bid_id, item_id, band_index, unit_price)
                  select bid_id, item_id, band_index + 100, 0 from bid_prices where bid_id = '${win}' limit 1`,
    },
    {
      what: "change an award",
      table: "awards",
      statement: `update awards set reason = 'nachträglich' where lot_id = '${lot}'`,
    },
    {
      what: "delete an award",
      table: "awards",
      statement: `delete from awards where tender_id = '${t}'`,
    },
  ];
  for (const [table, column] of [
    ["lot_splits", "stored_at = stored_at"],
    ["split_groups", "net_cents = net_cents + 1"],
    ["split_bodies", "gross_cents = gross_cents + 1"],
    ["split_shares", "gross_cents = gross_cents + 1"],
  ] as const) {
    rows.push(
      {
        what: `change the stored split (${table})`,
        table,
        statement: `update ${table} set ${column} where lot_id = '${lot}'`,
      },
      { what: `delete the stored split (${table})`, table, statement: `delete from ${table}` },
    );
  }
  for (const table of [...FINAL_TABLES, "tenders", "lots", "lot_items", "bids", "bid_prices"]) {
    rows.push({
      what: `truncate ${table}`,
      table,
      statement: `truncate ${table} cascade`,
    });
  }
  return rows;
}

describe("refused, leaving the rows as they were", () => {
  it("every statement has rows to hit (else a refusal would prove nothing)", async () => {
    const { db } = await connection();
    for (const table of ["tender_lines", "lots", "lot_items", "bids", "bid_prices", "awards"]) {
      expect((await checksum(table)).n, table).toBeGreaterThan(0);
    }
    for (const table of ["lot_splits", "split_groups", "split_bodies", "split_shares"]) {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql.raw(
          `select count(*)::int as n from ${table} where lot_id = '${awarded.awarded[0]!.lotId}'`,
        ),
      );
      expect(row!.n, table).toBeGreaterThan(0);
    }
    const [losing] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from bids where lot_id = ${awarded.awarded[0]!.lotId} and id <> ${awarded.awarded[0]!.bidId}`,
    );
    expect(losing!.n).toBeGreaterThan(0);
  });

  it("for the app role: each attempt fails with insufficient_privilege", async () => {
    const { db } = await connection();
    for (const { what, table, statement } of refusals()) {
      const before = await checksum(table);
      const error = await db
        .execute(sql.raw(statement))
        .then(() => null)
        .catch((e: unknown) => e);
      expect(pgErrorCode(error), what).toBe("42501");
      expect(await checksum(table), what).toEqual(before);
    }
  });

  it("for the owner too: the triggers alone refuse (what binds the app on PGlite)", async () => {
    for (const { what, table, statement } of refusals()) {
      const before = await checksum(table);
      const error = await asOwner(statement)
        .then(() => null)
        .catch((e: unknown) => e);
      expect(pgErrorCode(error), what).toBe("42501");
      const message = (error as { cause?: Error }).cause?.message ?? String(error);
      expect(message, what).toMatch(/endgültig|Zuschlag|veröffentlicht/);
      expect(await checksum(table), what).toEqual(before);
    }
  });
});
