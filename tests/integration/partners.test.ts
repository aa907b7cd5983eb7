// The partner finder (issue 16, decision 018) on a real database: several bodies with demand in
// an open round of 2028, an older awarded tender (2027) with bands for one item, and bodies
// without demand. The estimate is checked to the cent against a hand computation; the page is
// rendered by Remix in process and searched for other bodies' exact figures.
import { and, eq, sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { auditEvents, bodies, roundInvitations } from "#db/schema";
import { changeRoundStatus, createRound, saveDemandForm } from "~/modules/demand/index.server";
import { findPartnerBundles, partnerItemBodies } from "~/modules/partners/index.server";

import { makeAwardedTenderFor } from "../factories/awards";
import { line, makeBody, makeItems, makeUser } from "../factories/rounds";
import { createAppHandler, type Handle } from "../support/app-handler";
import { cookieFor, ORIGIN } from "../support/authorization";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const DAY = 24 * 3600 * 1000;
const now = new Date();

// Quantities chosen so that no figure of another body occurs by chance on a page.
const P1_ITEM0 = 2917;
const P2_ITEM0 = 444;
const P3_ITEM0 = 555;
const P1_ITEM1 = 7771;
const H_ITEM0 = 120;

let handle: Handle;
let w: Awaited<ReturnType<typeof buildWorld>>;

async function placeBody(
  name: string,
  ags: string,
  kreis: string,
  land: string,
  population: number,
) {
  const id = await makeBody(name, population);
  const db = await getDb();
  await db.update(bodies).set({ name, ags, kreis, land }).where(eq(bodies.id, id));
  return id;
}

async function buildWorld() {
  const home = await placeBody(
    "Stadt Heimathafen",
    "03241001",
    "Region Hannover",
    "Niedersachsen",
    20_000,
  );
  const p1 = await placeBody(
    "Gemeinde Eins",
    "03241002",
    "Region Hannover",
    "Niedersachsen",
    10_000,
  );
  const p2 = await placeBody("Gemeinde Zwei", "03252003", "Hameln-Pyrmont", "Niedersachsen", 5_000);
  const p3 = await placeBody("Stadt Drei", "05111000", "Düsseldorf", "Nordrhein-Westfalen", 5_000);
  const quiet = await placeBody(
    "Gemeinde Still",
    "03241004",
    "Region Hannover",
    "Niedersachsen",
    50_000,
  );
  const lead = await placeBody(
    "Stadt Leitung",
    "03241005",
    "Region Hannover",
    "Niedersachsen",
    90_000,
  );
  const users = {
    homeOfficer: await makeUser(home, "officer"),
    homeProcurement: await makeUser(home, "procurement"),
    homeTreasurer: await makeUser(home, "treasurer"),
    p1Officer: await makeUser(p1, "officer"),
    p2Officer: await makeUser(p2, "officer"),
    p3Officer: await makeUser(p3, "officer"),
    quietOfficer: await makeUser(quiet, "officer"),
    leadProcurement: await makeUser(lead, "procurement"),
  };
  const itemIds = await makeItems(3);

  // 2027: an awarded tender with bands 0 / 100 / 1000 for item 0 (one bidder, prices below).
  const prices = [10_000, 9_000, 7_555];
  const m1 = await placeBody("Gemeinde Alt", "03241006", "Region Hannover", "Niedersachsen", 8_000);
  const m1Officer = await makeUser(m1, "officer");
  await makeAwardedTenderFor({
    title: "Papier 2027",
    referenceNumber: "PAP-2027",
    leadBodyId: lead,
    leadUserId: users.leadProcurement.id,
    members: [{ bodyId: m1, officerId: m1Officer.id }],
    items: [{ id: itemIds[0]!, bandMinQty: [0, 100, 1000] }],
    demand: [{ member: 0, item: 0, quantity: 5000, costCentre: "ALT" }],
    contractStart: "2027-01-01",
    termMonths: 12,
    start: new Date(now.getTime() - 90 * DAY),
    bidders: [{ name: "Papierhaus", address: "Hameln", price: (_i, _n, b) => prices[b]! }],
  });

  // 2028: the open round with everyone's demand.
  const { id: roundId } = await createRound({
    leadBodyId: lead,
    actorUserId: users.leadProcurement.id,
    input: {
      title: "Bedarf 2028",
      description: "",
      budgetYear: 2028,
      opensAt: new Date(now.getTime() - 3600_000),
      deadline: new Date(now.getTime() + 7 * DAY),
      itemIds,
      bodyIds: [home, p1, p2, p3, quiet],
    },
  });
  await changeRoundStatus({
    roundId,
    leadBodyId: lead,
    actorUserId: users.leadProcurement.id,
    transition: "open",
    now,
  });
  const save = async (user: { id: string; bodyId: string }, lines: ReturnType<typeof line>[]) => {
    const result = await saveDemandForm({
      roundId,
      actor: { userId: user.id, bodyId: user.bodyId },
      lines,
      deleted: [],
      now,
    });
    if (!result.ok) throw new Error("demand not saved");
  };
  await save(users.homeOfficer, [
    line(itemIds[0]!, H_ITEM0, "KST-H"),
    line(itemIds[1]!, 50),
    line(itemIds[2]!, 10),
  ]);
  await save(users.p1Officer, [
    { ...line(itemIds[0]!, P1_ITEM0 - 17, "GEHEIM-1"), note: "Notiz-geheim" },
    line(itemIds[0]!, 17, "GEHEIM-2"),
    line(itemIds[1]!, P1_ITEM1),
  ]);
  await save(users.p2Officer, [line(itemIds[0]!, P2_ITEM0)]);
  await save(users.p3Officer, [line(itemIds[0]!, P3_ITEM0)]);

  // The home body's own draft round for 2029, to invite partners to.
  const { id: draftId } = await createRound({
    leadBodyId: home,
    actorUserId: users.homeProcurement.id,
    input: {
      title: "Eigene Runde 2029",
      description: "",
      budgetYear: 2029,
      opensAt: new Date(now.getTime() + 30 * DAY),
      deadline: new Date(now.getTime() + 60 * DAY),
      itemIds: [itemIds[0]!],
      bodyIds: [],
    },
  });
  return { home, p1, p2, p3, quiet, lead, m1, users, itemIds, roundId, draftId };
}

async function get(userId: string, path: string) {
  const cookie = await cookieFor(userId);
  const response = await handle(
    new Request(new URL(path, ORIGIN), { headers: { Cookie: cookie, Host: new URL(ORIGIN).host } }),
  );
  return { status: response.status, html: await response.text() };
}

async function post(userId: string, fields: Record<string, string>) {
  const cookie = await cookieFor(userId);
  const body = new URLSearchParams(fields);
  const url = new URL("/partner", ORIGIN);
  const response = await handle(
    new Request(url, {
      method: "POST",
      headers: {
        Cookie: cookie,
        Host: url.host,
        Origin: url.origin,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body,
    }),
  );
  return { status: response.status, text: await response.text() };
}

/** Every way a page could print the figure: plain, with a thousands dot. */
function spellings(n: number) {
  return [String(n), new Intl.NumberFormat("de-DE").format(n)];
}

beforeAll(async () => {
  w = await buildWorld();
  ({ handle } = await createAppHandler());
}, 120_000);

describe("partner bundles", () => {
  it("estimates the saving to the cent from the latest award's bands (hand computation)", async () => {
    const result = await findPartnerBundles({ bodyId: w.home, region: {}, page: 1, pageSize: 25 });
    expect(result.year).toBe(2028);
    expect(result.withoutPartners).toBe(1); // item 2: nobody else buys it
    expect(result.rows.map((r) => r.itemId)).toEqual([w.itemIds[0], w.itemIds[1]]);
    const [paper, reference] = result.rows;
    // Bundle 120 + 2917 + 444 + 555 = 4036 units → band 3 (from 1000) at 0,7555 €.
    // Alone, 120 units lie in band 2 (from 100) at 0,90 €.
    // Saving: 120 × (0,9000 − 0,7555) € = 120 × 0,1445 € = 17,34 €.
    expect(paper).toMatchObject({
      ownQuantity: H_ITEM0,
      otherBodies: 3,
      roundedTotal: 4000, // 4036 rounded to two significant digits
      bandNumber: 3,
      bandCount: 3,
      bandMinQty: 1000,
      savingCents: 1734,
      source: { kind: "award", tenderTitle: "Papier 2027", referenceNumber: "PAP-2027" },
    });
    // Item 1 has no award: the reference price gives no band and no saving; one partner only.
    expect(reference).toMatchObject({
      otherBodies: 1,
      roundedTotal: null,
      bandNumber: null,
      savingCents: 0,
      source: { kind: "reference" },
    });
  });

  it("filters by Land and Landkreis (AGS prefixes); the body itself is always in its bundle", async () => {
    const land = await findPartnerBundles({
      bodyId: w.home,
      region: { land: "03" },
      page: 1,
      pageSize: 25,
    });
    // H, P1, P2: 120 + 2917 + 444 = 3481 → ca. 3.500; P3 (NRW) is out.
    expect(land.rows[0]).toMatchObject({ otherBodies: 2, roundedTotal: 3500, savingCents: 1734 });
    const nrw = await findPartnerBundles({
      bodyId: w.home,
      region: { land: "05" },
      page: 1,
      pageSize: 25,
    });
    // H + P3: 675 units stay in band 2 – no saving, and no total with one partner.
    expect(
      nrw.rows.map((r) => [r.otherBodies, r.roundedTotal, r.bandNumber, r.savingCents]),
    ).toEqual([[1, null, 2, 0]]);
    const kreis = await findPartnerBundles({
      bodyId: w.home,
      region: { kreis: "03252" },
      page: 1,
      pageSize: 25,
    });
    expect(kreis.rows.map((r) => r.otherBodies)).toEqual([1]);
    // Kreis 03241 without filter on Land: H and P1 (items 0 and 1), not the others.
    const hannover = await findPartnerBundles({
      bodyId: w.home,
      region: { kreis: "03241" },
      page: 1,
      pageSize: 25,
    });
    expect(hannover.rows.map((r) => r.otherBodies)).toEqual([1, 1]);
  });

  it("pages the ranked list", async () => {
    const second = await findPartnerBundles({ bodyId: w.home, region: {}, page: 2, pageSize: 1 });
    expect(second.total).toBe(2);
    expect(second.rows.map((r) => r.itemId)).toEqual([w.itemIds[1]]);
  });

  it("is each body's own view: its own items and quantities only", async () => {
    const p3 = await findPartnerBundles({ bodyId: w.p3, region: {}, page: 1, pageSize: 25 });
    expect(p3.rows.map((r) => [r.itemId, r.ownQuantity, r.otherBodies])).toEqual([
      [w.itemIds[0], P3_ITEM0, 3],
    ]);
    const quiet = await findPartnerBundles({ bodyId: w.quiet, region: {}, page: 1, pageSize: 25 });
    expect(quiet).toMatchObject({ year: null, rows: [], total: 0 });
    // An item the body does not buy is not its business.
    await expect(
      partnerItemBodies({ bodyId: w.p3, itemId: w.itemIds[1]!, region: {}, page: 1, pageSize: 25 }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("one item's bodies", () => {
  it("lists buyers first, then bodies that could join with a per-inhabitant estimate", async () => {
    const detail = await partnerItemBodies({
      bodyId: w.home,
      itemId: w.itemIds[0]!,
      region: { land: "03" },
      page: 1,
      pageSize: 25,
    });
    expect(detail.otherBodies).toBe(2);
    expect(
      detail.bodies
        .filter((b) => b.buys)
        .map((b) => b.id)
        .sort(),
    ).toEqual([w.p1, w.p2].sort());
    // Buyers in Niedersachsen: H 120 + P1 2917 + P2 444 = 3481 units for 35,000 inhabitants;
    // Gemeinde Still (50,000) → 3481 × 50,000 / 35,000 = 4972,86 → 4973.
    const quiet = detail.bodies.find((b) => b.id === w.quiet)!;
    expect(quiet).toMatchObject({ buys: false, estimate: 4973 });
    expect(detail.bodies.find((b) => b.id === w.p3)).toBeUndefined();
    expect(detail.bodies.every((b) => b.id !== w.home)).toBe(true);
  });

  it("gives no per-inhabitant estimate with a single partner", async () => {
    const detail = await partnerItemBodies({
      bodyId: w.home,
      itemId: w.itemIds[0]!,
      region: { kreis: "03241" },
      page: 1,
      pageSize: 25,
    });
    expect(detail.otherBodies).toBe(1);
    expect(detail.estimatesShown).toBe(false);
    expect(detail.bodies.filter((b) => !b.buys).every((b) => b.estimate === null)).toBe(true);
  });
});

/**
 * The page without its ISO times: their milliseconds can spell a quantity (an award at
 * "…T03:17:17.771Z" held "7.771" and failed a CI run); times are no quantities.
 */
function withoutTimes(html: string): string {
  return html.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "<time>");
}

describe("privacy on the rendered page (decision 018)", () => {
  const secrets = () => [
    ...spellings(P1_ITEM0),
    ...spellings(P1_ITEM1),
    ...spellings(P1_ITEM0 - 17),
    ...spellings(H_ITEM0 + P1_ITEM0), // the bundle total with one partner: own + partner
    ...spellings(H_ITEM0 + P1_ITEM0 + P2_ITEM0 + P3_ITEM0), // exact totals are never printed
    "GEHEIM-1",
    "GEHEIM-2",
    "Notiz-geheim",
  ];

  it.each([["/partner"], ["/partner?kreis=03241"], ["/partner?land=03"]])(
    "%s never prints another body's exact quantity, cost centre or note",
    async (path) => {
      const page = await get(w.users.homeOfficer.id, path);
      expect(page.status).toBe(200);
      expect(page.html).toContain("Partnersuche");
      expect(page.html).toContain("Schätzung");
      const html = withoutTimes(page.html);
      for (const secret of secrets()) expect(html, secret).not.toContain(secret);
    },
  );

  it("the page with one partner shows the band reached, not the total", async () => {
    const page = await get(w.users.homeOfficer.id, "/partner?kreis=03241");
    expect(page.html).toContain("nicht ausgewiesen (ein Partner)");
    expect(page.html).toContain("Staffel 3 von 3");
    expect(page.html).toContain("17,34");
  });

  it("the item page with one partner names it but prints none of its figures", async () => {
    const page = await get(w.users.homeOfficer.id, `/partner?kreis=03241&artikel=${w.itemIds[0]}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Gemeinde Eins");
    const html = withoutTimes(page.html);
    for (const secret of secrets()) expect(html, secret).not.toContain(secret);
  });

  it("refuses a malformed filter with a German message", async () => {
    const page = await get(w.users.homeOfficer.id, "/partner?kreis=12");
    expect(page.status).toBe(400);
  });

  it("is for Beschaffer and Vergabestelle only", async () => {
    expect((await get(w.users.homeTreasurer.id, "/partner")).status).toBe(403);
  });
});

describe("Zur nächsten Bedarfsabfrage einladen", () => {
  it("invites the chosen body to the Vergabestelle's own draft round, with an audit event", async () => {
    const page = await get(w.users.homeProcurement.id, `/partner?artikel=${w.itemIds[0]}`);
    expect(page.html).toContain("Eigene Runde 2029");
    const result = await post(w.users.homeProcurement.id, {
      intent: "invite",
      bodyId: w.quiet,
      roundId: w.draftId,
    });
    expect(result.status).toBe(200);
    expect(result.text).toContain("Die Körperschaft ist zur Bedarfsabfrage eingeladen.");
    const db = await getDb();
    const invited = await db
      .select({ bodyId: roundInvitations.bodyId })
      .from(roundInvitations)
      .where(eq(roundInvitations.roundId, w.draftId));
    expect(invited.map((i) => i.bodyId)).toEqual([w.quiet]);
    const events = await db
      .select({ actor: auditEvents.actorUserId, data: auditEvents.data })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, "round.bodies_invited"), eq(auditEvents.subjectId, w.draftId)),
      );
    expect(events).toEqual([{ actor: w.users.homeProcurement.id, data: { bodyIds: [w.quiet] } }]);
  });

  it("refuses another lead's round (404), officers (403) and a malformed form (400, German)", async () => {
    const foreign = await post(w.users.homeProcurement.id, {
      intent: "invite",
      bodyId: w.quiet,
      roundId: w.roundId,
    });
    expect(foreign.status).toBe(404);
    const officer = await post(w.users.homeOfficer.id, {
      intent: "invite",
      bodyId: w.quiet,
      roundId: w.draftId,
    });
    expect(officer.status).toBe(403);
    const malformed = await post(w.users.homeProcurement.id, {
      intent: "invite",
      bodyId: "keine-id",
      roundId: w.draftId,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain("Bitte eine Körperschaft wählen.");
    const [count] = await queryRows<{ n: number }>(
      await getDb(),
      sql`select count(*)::int as n from round_invitations where round_id = ${w.roundId}::uuid`,
    );
    expect(count?.n).toBe(5);
  });
});

describe("the aggregate the list reads (decision 029)", () => {
  const fresh = sql`
    select r.budget_year, d.item_id::text, coalesce(left(b.ags, 5), '') as kreis,
      count(distinct d.body_id)::int as bodies, sum(d.quantity)::bigint as quantity
    from demand_lines d join rounds r on r.id = d.round_id join bodies b on b.id = d.body_id
    group by 1, 2, 3`;
  // What the list reads: the folded totals plus the deltas not folded in yet.
  const kept = sql`
    select budget_year, item_id::text, kreis, sum(bodies)::int as bodies, sum(quantity)::bigint as quantity
    from (select budget_year, item_id, kreis, bodies, quantity from partner_item_totals
          union all select budget_year, item_id, kreis, bodies, quantity from partner_item_deltas) t
    group by 1, 2, 3 having sum(bodies) <> 0 or sum(quantity) <> 0`;
  const deltas = sql`select count(*)::int as n from partner_item_deltas`;
  type Total = {
    budget_year: number;
    item_id: string;
    kreis: string;
    bodies: number;
    quantity: string | number;
  };
  const key = (r: Total) =>
    `${r.budget_year}|${r.item_id}|${r.kreis}|${r.bodies}|${Number(r.quantity)}`;
  const rollback = new Error("rollback");

  it("equals a fresh GROUP BY of the lines after every kind of write", async () => {
    const db = await getDb();
    const compare = async (tx: Parameters<Parameters<typeof db.transaction>[0]>[0]) => {
      const [a, b] = [await queryRows<Total>(tx, fresh), await queryRows<Total>(tx, kept)];
      expect(b.map(key).sort()).toEqual(a.map(key).sort());
      // Folding moves every delta into the totals and changes no figure.
      await tx.execute(sql`select partner_item_totals_fold()`);
      expect((await queryRows<{ n: number }>(tx, deltas))[0]!.n).toBe(0);
      expect((await queryRows<Total>(tx, kept)).map(key).sort()).toEqual(a.map(key).sort());
      return a.length;
    };
    const outcome = await db
      .transaction(async (tx) => {
        expect(await compare(tx)).toBeGreaterThan(0);
        // An update of one line, a deleted line, a body moved to another Kreis, a round moved
        // to another year: each kept exact by the triggers.
        await tx.execute(sql`update demand_lines set quantity = quantity + 5
          where body_id = ${w.p1}::uuid and item_id = ${w.itemIds[0]}::uuid`);
        await compare(tx);
        // One statement that changes quantities (the update trigger's direct path, 0019) and
        // moves lines to another item (its general path): p3 leaves item 0 for item 2, p1 moves
        // one of its two item-0 lines there and still counts for item 0.
        await tx.execute(sql`update demand_lines
          set item_id = case when body_id = ${w.p3}::uuid or cost_centre = 'GEHEIM-2'
                          then ${w.itemIds[2]}::uuid else item_id end,
              quantity = quantity + 1
          where body_id in (${w.p1}::uuid, ${w.p3}::uuid)`);
        await compare(tx);
        await tx.execute(sql`delete from demand_lines
          where body_id = ${w.p2}::uuid and item_id = ${w.itemIds[0]}::uuid`);
        await compare(tx);
        await tx.execute(sql`update bodies set ags = '09162000' where id = ${w.p3}::uuid`);
        await compare(tx);
        await tx.execute(sql`update rounds set budget_year = 2031 where id = ${w.roundId}::uuid`);
        await compare(tx);
        throw rollback;
      })
      .catch((e: unknown) => e);
    expect(outcome).toBe(rollback);
  });
});

describe("the partner totals' functions (migration 0018)", () => {
  it("run without JIT: their enable_* = off costs would compile every call (2.2 s of 2.3 s)", async () => {
    const rows = await queryRows<{ name: string; config: string[] | null }>(
      await getDb(),
      sql`select proname as name, proconfig as config from pg_proc
          where proname in ('partner_item_totals_add', 'partner_item_totals_fold', 'partner_item_deltas_of',
            'partner_item_totals_updated')
          order by proname`,
    );
    expect(rows.map((r) => r.name)).toEqual([
      "partner_item_deltas_of",
      "partner_item_totals_add",
      "partner_item_totals_fold",
      "partner_item_totals_updated",
    ]);
    for (const row of rows) expect(row.config ?? []).toContain("jit=off");
  });
});
