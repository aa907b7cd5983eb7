// Issue 17: a body's billing data edited by its Kämmerei and by the admin (zod on the server,
// German errors, audit event), the XRechnung links on the cost page, and an audit event for
// every invoice download.
import { and, eq, sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { bodies } from "#db/schema";
import { makeLeitwegId } from "~/domain/leitweg-id";
import { createSession, sessionCookie } from "~/modules/access/index.server";
import {
  action as adminAction,
  loader as adminLoader,
} from "~/routes/admin.koerperschaften.$bodyId";
import { action as ownAction, loader as ownLoader } from "~/routes/konto.rechnungsdaten";
import { loader as xmlLoader } from "~/routes/kosten.$tenderId.xrechnung[.]xml";
import { loader as zipLoader } from "~/routes/kosten.$tenderId.xrechnungen[.]zip";

import { makeAwardedTender } from "../factories/awards";
import { makeBillingData } from "../factories/billing";
import { makeBody, makeUser } from "../factories/rounds";
import { createAppHandler } from "../support/app-handler";
import { useTestDatabase } from "../support/database";

useTestDatabase();

type RouteFn = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => Promise<unknown>;

/** Calls a loader or action as Remix would; a thrown Response is returned. */
async function call(
  fn: unknown,
  userId: string,
  path: string,
  params: Record<string, string> = {},
  form?: Record<string, string>,
): Promise<{ status: number; body: unknown; location?: string | null }> {
  const cookie = await sessionCookie.serialize(await createSession({ userId }));
  const request = new Request(`http://localhost${path}`, {
    method: form ? "POST" : "GET",
    headers: { Cookie: cookie },
    body: form ? new URLSearchParams(form) : undefined,
  });
  try {
    const result = await (fn as RouteFn)({ request, params, context: {} });
    if (result instanceof Response) return { status: result.status, body: null };
    const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } };
    if (wrapped?.type === "DataWithResponseInit") {
      return { status: wrapped.init?.status ?? 200, body: wrapped.data };
    }
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) {
      return { status: thrown.status, body: null, location: thrown.headers.get("Location") };
    }
    throw thrown;
  }
}

const GOOD = {
  leitwegId: makeLeitwegId("03252006", "KAEMMEREI"),
  street: "Rathausplatz 1",
  postcode: "31785",
  city: "Hameln",
  iban: "DE02 1203 0000 0000 2020 51",
  bic: "BYLADEM1001",
  vatId: "DE 123 456 789",
  taxNumber: "",
  invoiceContactName: "Kämmerei",
  invoiceContactPhone: "05151 202-0",
  invoiceEmail: "rechnung@hameln.example",
};

async function billingEvents(bodyId: string) {
  return queryRows<{ actor_user_id: string; data: { changed: string[] } }>(
    await getDb(),
    sql`select actor_user_id, data from audit_events
         where action = 'body.billing_data_changed' and subject_id = ${bodyId}
         order by id`,
  );
}

describe("a body's billing data", () => {
  it("is kept by the body's own Kämmerei: German errors and nothing written for a bad Leitweg-ID, IBAN or postcode; saved and logged when right", async () => {
    const body = { id: await makeBody("Gemeinde Rechnungsdaten"), name: "Gemeinde Rechnungsdaten" };
    const treasurer = await makeUser(body.id, "treasurer");
    const page = await call(ownLoader, treasurer.id, "/konto/rechnungsdaten");
    expect(page.status).toBe(200);
    expect((page.body as { body: { name: string } }).body.name).toBe(body.name);

    // One check digit wrong, an IBAN with a typo, a four-digit postcode, a broken VAT id.
    const wrongCheck = GOOD.leitwegId.replace(/-(\d)(\d)$/, (_, a, b) => `-${a}${(+b + 1) % 10}`);
    const refused = await call(
      ownAction,
      treasurer.id,
      "/konto/rechnungsdaten",
      {},
      {
        ...GOOD,
        leitwegId: wrongCheck,
        iban: "DE02 1203 0000 0000 2020 52",
        postcode: "3178",
        vatId: "DE12345",
      },
    );
    expect(refused.status).toBe(400);
    const errors = (refused.body as { fieldErrors: Record<string, string> }).fieldErrors;
    expect(errors.leitwegId).toMatch(/Prüfziffer der Leitweg-ID .* stimmt nicht/);
    expect(errors.iban).toMatch(/keine gültige IBAN: Die Prüfziffern stimmen nicht/);
    expect(errors.postcode).toBe("Bitte geben Sie die Postleitzahl mit fünf Ziffern ein.");
    expect(errors.vatId).toMatch(/^Die USt-IdNr\. besteht aus DE und neun Ziffern/);
    const db = await getDb();
    const [unchanged] = await db.select().from(bodies).where(eq(bodies.id, body.id));
    expect(unchanged!.leitwegId).toBeNull();
    expect(await billingEvents(body.id)).toEqual([]);

    const saved = await call(ownAction, treasurer.id, "/konto/rechnungsdaten", {}, GOOD);
    expect(saved.status).toBe(302);
    expect(saved.location).toBe("/konto/rechnungsdaten?gespeichert");
    const [row] = await db.select().from(bodies).where(eq(bodies.id, body.id));
    expect(row).toMatchObject({
      leitwegId: GOOD.leitwegId,
      postcode: "31785",
      iban: "DE02120300000000202051",
      vatId: "DE123456789",
      taxNumber: null,
      invoiceEmail: "rechnung@hameln.example",
    });
    const events = await billingEvents(body.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_user_id).toBe(treasurer.id);
    expect(events[0]!.data.changed).toEqual(
      expect.arrayContaining(["leitwegId", "street", "iban", "vatId", "invoiceEmail"]),
    );
  });

  it("is edited for any body by the admin only; other roles and a body's own page for another body get no access", async () => {
    const admin = await makeUser(await makeBody("Betrieb"), "admin");
    const body = { id: await makeBody("Gemeinde Verwaltet") };
    const officer = await makeUser(body.id, "officer");
    const treasurer = await makeUser(body.id, "treasurer");
    const path = `/admin/koerperschaften/${body.id}`;
    expect((await call(adminLoader, admin.id, path, { bodyId: body.id })).status).toBe(200);
    for (const user of [officer, treasurer]) {
      const denied = await call(adminLoader, user.id, path, { bodyId: body.id });
      expect(denied.status, user.id).toBe(403);
      const post = await call(adminAction, user.id, path, { bodyId: body.id }, GOOD);
      expect(post.status).toBe(403);
    }
    // The own-body page is the Kämmerei's: an officer may not change the body's bank account.
    expect((await call(ownLoader, officer.id, "/konto/rechnungsdaten")).status).toBe(403);
    const unknown = crypto.randomUUID();
    expect((await call(adminLoader, admin.id, "/x", { bodyId: unknown })).status).toBe(404);
    expect((await call(adminLoader, admin.id, "/x", { bodyId: "kein-id" })).status).toBe(404);

    const saved = await call(adminAction, admin.id, path, { bodyId: body.id }, GOOD);
    expect(saved.status).toBe(302);
    const events = await billingEvents(body.id);
    expect(events.map((e) => e.actor_user_id)).toEqual([admin.id]);
  });
});

describe("XRechnung downloads", () => {
  it("are linked on the cost page for whom they are meant, and every download is an audit event", async () => {
    const t = await makeAwardedTender();
    await makeBillingData({ leadBodyId: t.leadBodyId, bodyIds: t.bodyIds });
    const member = t.bodyIds.find((id) => id !== t.leadBodyId)!;
    const memberTreasurer = await makeUser(member, "treasurer");
    const leadTreasurer = await makeUser(t.leadBodyId, "treasurer");
    const { handle } = await createAppHandler();
    const costPage = async (userId: string) => {
      const cookie = await sessionCookie.serialize(await createSession({ userId }));
      const response = await handle(
        new Request(`http://localhost/kosten/${t.tenderId}`, { headers: { Cookie: cookie } }),
      );
      expect(response.status).toBe(200);
      return response.text();
    };
    const xmlHref = `href="/kosten/${t.tenderId}/xrechnung.xml"`;
    const zipHref = `href="/kosten/${t.tenderId}/xrechnungen.zip"`;
    const memberPage = await costPage(memberTreasurer.id);
    expect(memberPage).toContain(xmlHref);
    expect(memberPage).not.toContain(zipHref);
    const leadPage = await costPage(leadTreasurer.id);
    expect(leadPage).toContain(zipHref);
    expect(leadPage).not.toContain(xmlHref);

    const downloads = async () =>
      queryRows<{ actor_user_id: string; body_id: string; data: Record<string, unknown> }>(
        await getDb(),
        sql`select actor_user_id, body_id, data from audit_events
             where action = 'tender.invoice_downloaded' and subject_id = ${t.tenderId}
             order by id`,
      );
    expect(await downloads()).toEqual([]);
    const xml = await call(xmlLoader, memberTreasurer.id, `/kosten/${t.tenderId}/xrechnung.xml`, {
      tenderId: t.tenderId,
    });
    expect(xml.status).toBe(200);
    const zip = await call(zipLoader, leadTreasurer.id, `/kosten/${t.tenderId}/xrechnungen.zip`, {
      tenderId: t.tenderId,
    });
    expect(zip.status).toBe(200);
    const [memberName] = await (
      await getDb()
    )
      .select({ name: bodies.name })
      .from(bodies)
      .where(and(eq(bodies.id, member)));
    const events = await downloads();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      actor_user_id: memberTreasurer.id,
      body_id: member,
      data: {
        file: expect.stringMatching(/\.xml$/),
        invoicedBodyIds: [member],
        invoicedBodies: memberName!.name,
      },
    });
    const others = t.bodyIds.filter((id) => id !== t.leadBodyId);
    expect(events[1]).toMatchObject({
      actor_user_id: leadTreasurer.id,
      body_id: t.leadBodyId,
      data: { file: expect.stringMatching(/^XRechnungen_.*\.zip$/) },
    });
    expect([...(events[1]!.data.invoicedBodyIds as string[])].sort()).toEqual(others.sort());
    // A refused download (another body's invoice) leaves no event.
    const stranger = await makeUser(await makeBody("Gemeinde Fremd"), "treasurer");
    const refused = await call(xmlLoader, stranger.id, `/kosten/${t.tenderId}/xrechnung.xml`, {
      tenderId: t.tenderId,
    });
    expect(refused.status).toBe(404);
    expect(await downloads()).toHaveLength(2);
  });
});
