// The demo world a new user sees: every stage of the flow exists, and the open data of the demo
// tenders validates against OCDS 1.1.5 with the lots extension.
import { buildReleases } from "~/domain/ocds";
import { listOutbox } from "~/modules/mail/index.server";
import { listPublishedTendersInFull } from "~/modules/publication/index.server";

import { seedDatabase } from "../../scripts/seed-lib";
import { releaseErrors } from "../support/ocds-schema";
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
});
