// The demo world a new user sees: every stage of the flow exists, and the open data of the demo
// tenders validates against OCDS 1.1.5 with the lots extension.
import { eq, inArray, sql } from "drizzle-orm";

import { getDb } from "#db/client";
import { bodies, tenders, users } from "#db/schema";
import { isLeitwegId } from "~/domain/leitweg-id";
import { buildReleases } from "~/domain/ocds";
import { readZip } from "~/kit/spreadsheet/zip.server";
import { createSession, sessionCookie } from "~/modules/access/index.server";
import { listCallOffs, lotCallOffStatus } from "~/modules/calloffs/index.server";
import { listOutbox } from "~/modules/mail/index.server";
import { listPublishedTendersInFull } from "~/modules/publication/index.server";
import { loader as zipLoader } from "~/routes/kosten.$tenderId.xrechnungen[.]zip";

import { seedDatabase } from "../../scripts/seed-lib";
import { demoCooperations, demoEmail } from "../factories/demo";
import { releaseErrors } from "../support/ocds-schema";
import {
  describeErrors,
  validateXRechnungs,
  xrechnungRulesAvailable,
} from "../support/xrechnung-validate";
import { useTestDatabase } from "../support/database";

useTestDatabase();

describe("demo data", () => {
  it("has a tender open for bids, one past its deadline and awarded ones, all valid OCDS", async () => {
    await seedDatabase();
    const { tenders } = await listPublishedTendersInFull({ page: 1, pageSize: 50 });
    const byReference = new Map(tenders.map((t) => [t.referenceNumber, t]));
    const now = new Date("2026-11-23T12:00:00Z");
    const open = byReference.get("HM-2026-021");
    const pastDeadline = byReference.get("HM-2026-019");
    expect(open && new Date(open.submissionDeadline).getTime() > now.getTime()).toBe(true);
    expect(
      pastDeadline && new Date(pastDeadline.submissionDeadline).getTime() < now.getTime(),
    ).toBe(true);
    const awarded = tenders.filter((t) => t.lots.some((l) => l.award));
    expect(awarded.length).toBeGreaterThanOrEqual(3);
    let releases = 0;
    for (const tender of tenders) {
      for (const release of buildReleases(tender, { origin: "https://buendelkauf.example" })) {
        expect(releaseErrors(release), `${tender.referenceNumber} ${release.id}`).toEqual([]);
        releases++;
      }
    }
    // One tender release per tender plus one per award.
    expect(releases).toBeGreaterThan(tenders.length);
  });

  it("gives every demo body a valid Leitweg-ID and every lead its billing data, on a second run too; the leads' XRechnung ZIPs hold valid invoices", async () => {
    await seedDatabase(); // the second run (the test above ran the first)
    const db = await getDb();
    const agsList = demoCooperations.flatMap((c) => [c.lead, ...c.members].map((b) => b.ags));
    const rows = await db.select().from(bodies).where(inArray(bodies.ags, agsList));
    expect(rows).toHaveLength(agsList.length);
    for (const row of rows) {
      expect(isLeitwegId(row.leitwegId), `${row.name}: ${row.leitwegId}`).toBe(true);
      expect(row.leitwegId!.startsWith(row.ags!)).toBe(true);
      expect([row.postcode, row.city].every(Boolean), row.name).toBe(true);
    }
    const leads = rows.filter((r) => demoCooperations.some((c) => c.lead.ags === r.ags));
    for (const lead of leads) {
      expect(
        [lead.iban, lead.invoiceContactName, lead.invoiceContactPhone, lead.invoiceEmail].every(
          Boolean,
        ),
        lead.name,
      ).toBe(true);
      expect(Boolean(lead.vatId || lead.taxNumber), lead.name).toBe(true);
    }
    const central = await db
      .select({ goodsBilling: tenders.goodsBilling })
      .from(tenders)
      .where(eq(tenders.referenceNumber, "KB-2026-04"));
    expect(central).toEqual([{ goodsBilling: "lead" }]);

    // Each lead's treasurer downloads the ZIP of each awarded demo tender it leads.
    const invoices: string[] = [];
    for (const cooperation of demoCooperations) {
      const [treasurer] = await db
        .select({ id: users.id })
        .from(users)
        .where(eq(sql`lower(${users.email})`, demoEmail("treasurer", cooperation.lead.slug)));
      const lead = rows.find((r) => r.ags === cooperation.lead.ags)!;
      const awarded = await db
        .select({ id: tenders.id })
        .from(tenders)
        .where(
          sql`${tenders.leadBodyId} = ${lead.id} and exists (select 1 from awards a where a.tender_id = ${tenders.id})`,
        );
      for (const { id: tenderId } of awarded) {
        const cookie = await sessionCookie.serialize(
          await createSession({ userId: treasurer!.id }),
        );
        const response = (await zipLoader({
          request: new Request(`http://localhost/kosten/${tenderId}/xrechnungen.zip`, {
            headers: { Cookie: cookie },
          }),
          params: { tenderId },
          context: {},
        })) as Response;
        expect(
          response.status,
          await response
            .clone()
            .text()
            .catch(() => ""),
        ).toBe(200);
        const zip = readZip(new Uint8Array(await response.arrayBuffer()), {
          maxEntries: 1000,
          maxUnpackedBytes: 50_000_000,
          keep: () => true,
        });
        if (!zip.ok) throw new Error(zip.failure.kind);
        invoices.push(...zip.entries.map((e) => e.data.toString("utf8")));
      }
    }
    expect(invoices.length).toBeGreaterThan(0);
    if (xrechnungRulesAvailable()) {
      for (const verdict of await validateXRechnungs(invoices)) {
        expect(verdict.errors, describeErrors(verdict)).toEqual([]);
      }
    }
  });

  it("holds the demo rounds' invitations in the outbox, and a second seed queues none twice", async () => {
    await seedDatabase(); // a no-op after the test above; seeds when this test runs alone
    const before = await listOutbox({ page: 1, pageSize: 10_000 });
    const invitations = before.rows.filter((m) => m.kind === "invitation");
    expect(invitations.map((m) => m.subject)).toContain(
      "Einladung zur Bedarfsabfrage „Büromaterial, Reinigung und Lizenzen 2027“",
    );
    expect(invitations.every((m) => m.state === "queued")).toBe(true);
    await seedDatabase();
    const after = await listOutbox({ page: 1, pageSize: 10_000 });
    expect(after.total).toBe(before.total);
  });

  it("has an awarded framework agreement with its maximum per lot and a few call-offs in two budget years", async () => {
    await seedDatabase(); // a no-op after the tests above; seeds when this test runs alone
    const db = await getDb();
    const [tender] = await db
      .select({ id: tenders.id, framework: tenders.framework, reserve: tenders.callOffReserveBp })
      .from(tenders)
      .where(eq(tenders.referenceNumber, "WF-2026-11"));
    expect(tender).toMatchObject({ framework: true, reserve: 2000 });
    const lots = await lotCallOffStatus({ tenderId: tender!.id });
    expect(lots).toHaveLength(1);
    const [lot] = lots;
    // Höchstmenge = bundled + 20 %; 405 units called off by both bodies, below the 80 % warning
    expect(lot!.maxQuantity).toBe(lot!.bundledQuantity + Math.floor(lot!.bundledQuantity / 5));
    expect(lot!.calledOff).toBe(405);
    expect(lot!.bodies).toHaveLength(2);
    const callOffs = await listCallOffs({ tenderId: tender!.id });
    expect(callOffs).toHaveLength(4);
    expect([...new Set(callOffs.map((c) => c.budgetYear))].sort()).toEqual([2027, 2028]);
    expect(callOffs.every((c) => c.netCents > 0 && c.unitPrice > 0)).toBe(true);
  });
});
