// Publication, logged out: the list of published tenders, one tender's notice, the specification
// and price sheet downloads, and the OCDS release – every page checked with axe-core.
import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { closeDatabase, getDb } from "#db/client";
import { awards, bidPrices, bids } from "#db/schema";
import { OCID_PREFIX, type OcdsRelease, type OcdsReleasePackage } from "~/domain/ocds";

import { demoEmail } from "../factories/demo";
import { makePublishedTender } from "../factories/tenders";
import { readWorkbook } from "../factories/xlsx";
import { releaseErrors } from "../support/ocds-schema";

import { expectAccessible, logIn, screenshot, watchConsole } from "./support";

test.describe.configure({ mode: "serial" });

let tender: { id: string; title: string; lots: number; awards: OcdsRelease["awards"] } | undefined;

test.beforeAll(async ({ request }) => {
  // The demo seed's published tenders when it has them; otherwise, on PostgreSQL, the test
  // factory writes one into the server's database. (The embedded database belongs to the
  // server process alone, so on PGlite this needs the demo seed.)
  const pkg = (await (await request.get("/api/ocds/tenders.json")).json()) as OcdsReleasePackage;
  if (pkg.releases.length === 0 && process.env.DATABASE_URL) {
    // Deadline passed, lot 2 awarded: 25 units × 4,9900 € (band "ab 0").
    const made = await makePublishedTender();
    const db = await getDb();
    const [bid] = await db
      .insert(bids)
      .values({
        tenderId: made.tenderId,
        lotId: made.lotIds[1]!,
        bidderName: "Papierhaus Weserbergland GmbH",
        bidderAddress: "Bahnhofstraße 12, 31785 Hameln",
        source: "typed",
        createdBy: made.lead.id,
        createdAt: new Date(),
      })
      .returning({ id: bids.id });
    await db.insert(bidPrices).values(
      [49_900, 47_500, 45_000].map((unitPrice, bandIndex) => ({
        bidId: bid!.id,
        itemId: made.itemIds[2]!,
        bandIndex,
        unitPrice,
      })),
    );
    await db.insert(awards).values({
      lotId: made.lotIds[1]!,
      tenderId: made.tenderId,
      bidId: bid!.id,
      awardedBy: made.lead.id,
      awardedAt: new Date(),
    });
    await closeDatabase();
    pkg.releases = (
      (await (await request.get("/api/ocds/tenders.json")).json()) as OcdsReleasePackage
    ).releases;
  }
  const release = pkg.releases.at(-1);
  if (release) {
    tender = {
      id: release.ocid.slice(OCID_PREFIX.length + 1),
      title: release.tender.title,
      lots: release.tender.lots.length,
      awards: release.awards,
    };
  }
});

test("the public finds a published tender, its documents and its open data without logging in", async ({
  page,
}) => {
  test.skip(
    !tender,
    "Keine veröffentlichte Ausschreibung: braucht den Demo-Seed oder DATABASE_URL.",
  );
  const { id, title, lots } = tender!;
  const noConsoleErrors = watchConsole(page);

  // The header link is there for everyone, logged out too.
  await page.goto("/anmelden");
  await page.getByRole("link", { name: "Veröffentlichte Ausschreibungen" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Veröffentlichte Ausschreibungen" }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Abmelden" })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "public-tenders");

  await page.getByRole("link", { name: title }).first().click();
  await expect(page).toHaveURL(new RegExp(`/oeffentlich/${id}$`));
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Beteiligte Körperschaften" })).toBeVisible();
  await expect(page.getByText("federführend", { exact: true })).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 3, name: /^Los \d/ })).toHaveCount(lots);
  await expect(page.getByRole("columnheader", { name: "CPV" }).first()).toBeVisible();
  await expect(page.getByText("Angebotsfrist", { exact: true })).toBeVisible();
  for (const award of tender!.awards ?? []) {
    const lot = page.getByRole("region", {
      name: new RegExp(`^Los ${Number(award.relatedLots[0]!.slice(4))}\\b`),
    });
    await expect(lot.getByText(`an ${award.suppliers[0]!.name}`)).toBeVisible();
  }
  // No internal data on the public page.
  await expect(page.getByText(/Kostenstelle/)).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "public-tender");

  // The specification: one sheet per lot after the cover sheet.
  const specificationDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Leistungsverzeichnis (Excel)" }).click();
  const specification = await specificationDownload;
  expect(specification.suggestedFilename()).toMatch(/^Leistungsverzeichnis_.*\.xlsx$/);
  const workbook = await readWorkbook(new Uint8Array(await readFile(await specification.path())));
  expect(workbook.worksheets.map((s) => s.name)).toEqual([
    "Übersicht",
    ...Array.from({ length: lots }, (_, i) => `Los ${i + 1}`),
  ]);

  // The price sheet for bidders.
  const priceSheetDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Preisblatt zum Ausfüllen (Excel)" }).click();
  const priceSheet = await priceSheetDownload;
  expect(priceSheet.suggestedFilename()).toMatch(/^Preisblatt_.*\.xlsx$/);

  // The OCDS release the page links to validates against the schema with the lots extension.
  const href = await page.getByRole("link", { name: /OCDS-Veröffentlichung/ }).getAttribute("href");
  expect(href).toBe(`/api/ocds/tenders/${id}.json`);
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["access-control-allow-origin"]).toBe("*");
  const release = (await response.json()) as OcdsRelease;
  expect(releaseErrors(release)).toEqual([]);
  expect(release.tender.title).toBe(title);

  noConsoleErrors();

  // A tender that is not published does not exist for the public (the browser logs the 404).
  await page.goto("/oeffentlich/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("heading", { name: "Seite nicht gefunden (404)" })).toBeVisible();
  expect(
    (
      await page.request.get("/api/ocds/tenders/00000000-0000-4000-8000-000000000000.json")
    ).status(),
  ).toBe(404);
});

test("every published release validates against OCDS 1.1.5 with the lots extension", async ({
  request,
}) => {
  // With the demo seed this covers the demo tenders: awaiting bids and awarded.
  const response = await request.get("/api/ocds/tenders.json");
  expect(response.status()).toBe(200);
  const pkg = (await response.json()) as OcdsReleasePackage;
  expect(pkg.version).toBe("1.1");
  for (const release of pkg.releases) expect(releaseErrors(release), release.id).toEqual([]);
});

test("logged-in users reach the public pages from the header too", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("treasurer", "bad-pyrmont"));
  await page.getByRole("link", { name: "Veröffentlichte Ausschreibungen" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Veröffentlichte Ausschreibungen" }),
  ).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "public-tenders-logged-in");
  noConsoleErrors();
});
