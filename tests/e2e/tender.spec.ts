import { expect, type Page, test } from "@playwright/test";

import { demoEmail } from "../factories/demo";

import { expectAccessible, logIn, screenshot, watchConsole } from "./support";

// The demo seed's closed round for Hameln: paper, toner and licences of three bodies.
// Free closed demo rounds: each round item goes into at most one tender (decision 023).
const ROUND = "Papier und Lizenzen 2027 \\(Nachmeldung\\)";
const ROUND_B = "Papier und Lizenzen 2027 \\(Ergänzung\\)";
const reference = `HM-2027-${Date.now() % 100_000}`;
let tenderPath = "";
const TONER = "Toner schwarz für Kyocera TASKalfa (TK-8345K)";

async function adviceTitle(page: Page) {
  const box = page
    .getByRole("region", { name: "Verfahrensempfehlung" })
    .getByRole("status")
    .first();
  return (await box.locator(".kern-title").first().textContent()) ?? "";
}

test("the office builds a tender from a closed round, adjusts lots, follows the advice and publishes", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("procurement", "hameln"));
  await page
    .getByRole("navigation", { name: "Hauptnavigation" })
    .getByRole("link", { name: "Ausschreibungen" })
    .click();
  await expect(page.getByRole("heading", { name: "Ausschreibungen", level: 1 })).toBeVisible();
  await expectAccessible(page);

  // New tender from the closed round
  await page.getByRole("link", { name: "Neue Ausschreibung" }).click();
  await expect(page.getByRole("heading", { name: "Neue Ausschreibung" })).toBeVisible();
  await page.getByLabel(new RegExp(`^${ROUND}`)).check();
  await page.getByLabel("Vergabenummer").fill(reference);
  await page.getByLabel("Titel").fill("Papier, Toner und Lizenzen 2027");
  await expectAccessible(page);
  await screenshot(page, "tender-new");
  await page.getByRole("button", { name: "Ausschreibung anlegen" }).click();

  await expect(
    page.getByRole("heading", { name: "Papier, Toner und Lizenzen 2027", level: 1 }),
  ).toBeVisible();
  await expect(page.getByText(`Ausschreibung ${reference}`)).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Los 1 – / })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Los \d – .*CPV 48/ }).first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "tender-draft");
  const tenderUrl = page.url();
  tenderPath = new URL(tenderUrl).pathname;

  // Adjust a lot: toner into a lot of its own, renamed
  await page.getByRole("link", { name: "Lose bearbeiten" }).click();
  await expect(page.getByRole("heading", { name: "Lose bearbeiten" })).toBeVisible();
  await expectAccessible(page);
  const firstLot = page.getByRole("region", { name: /^Los 1 –/ });
  await firstLot.getByLabel("Artikel aus Los 1", { exact: true }).selectOption({ label: TONER });
  await firstLot.getByLabel("verschieben nach").selectOption("new");
  await firstLot.getByRole("button", { name: "Verschieben" }).click();
  const tonerLot = page.getByRole("heading", {
    name: new RegExp(`^Los \\d – ${TONER.replace(/[()]/g, "\\$&")}`),
  });
  await expect(tonerLot).toBeVisible();
  const tonerNumber = ((await tonerLot.textContent()) ?? "").match(/^Los (\d)/)![1]!;
  await page.getByLabel(`Titel von Los ${tonerNumber}`).fill("Toner");
  await page
    .getByRole("button", { name: "Umbenennen" })
    .nth(Number(tonerNumber) - 1)
    .click();
  await expect(
    page.getByRole("heading", { name: new RegExp(`^Los ${tonerNumber} – Toner \\(`) }),
  ).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "tender-lots");
  await page.goto(tenderUrl);

  // Shared costs: a delivery flat fee on every lot
  await page.getByRole("link", { name: "Umlagen bearbeiten" }).click();
  await expect(page).toHaveURL(/\/ausschreibungen\/[0-9a-f-]{36}\/umlagen$/);
  await page.getByLabel("Betrag netto in € (bei festem Betrag)").fill("49,90");
  await page.getByRole("button", { name: "Umlage hinzufügen" }).click();
  await expect(page.getByRole("cell", { name: "49,90 €" }).first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "tender-costs");
  // The old address of the page (before issue 14) still leads there.
  const moved = await page.goto(`${tenderUrl}/kosten`);
  expect(moved?.request().redirectedFrom()?.url()).toMatch(/\/kosten$/);
  await expect(page).toHaveURL(/\/umlagen$/);
  await page.goto(tenderUrl);

  // Bands of the first item, German thousands
  const firstBands = page.getByLabel(/^Staffeln für /).first();
  await firstBands.fill("0; 100; 1.000");
  await page.getByRole("button", { name: "Staffeln von Los 1 speichern" }).click();
  await expect(page.getByLabel(/^Staffeln für /).first()).toHaveValue("0; 100; 1.000");

  // The advice follows the term: 12 months of a single contract, then a 48-month framework
  const before = await adviceTitle(page);
  expect(before).toMatch(/geschätzter Auftragswert/);
  await page.getByText("Eckdaten ändern").click();
  // the deadline field names the legal minimum of the advised procedure if published today
  await expect(
    page.getByText(
      /bei Veröffentlichung heute: frühestens \d\d\.\d\d\.\d{4}, 00:00 Uhr \(MES?Z, Europe\/Berlin\)/,
    ),
  ).toBeVisible();
  await page.getByLabel("Vertragsart").selectOption("framework");
  await page.getByLabel("Laufzeit in Monaten").fill("48");
  await page.getByRole("button", { name: "Eckdaten speichern" }).click();
  await expect(page.getByText(/Rahmenvereinbarung, 48 Monate/)).toBeVisible();
  const after = await adviceTitle(page);
  expect(after).not.toEqual(before);
  const euro = (t: string) => BigInt(t.match(/([\d.]+,\d\d) €/)![1]!.replace(/[.,]/g, ""));
  expect(euro(after)).toBeGreaterThanOrEqual(euro(before) * 4n - 10n);
  expect(euro(after)).toBeLessThanOrEqual(euro(before) * 4n + 10n);
  await expect(
    page.getByText("48 Monate Laufzeit (Rahmenvereinbarung)", { exact: false }),
  ).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "tender-advice-48");

  // The decision: the advised procedure is preselected (a departing one: see the test without JavaScript)
  await expect(page.getByLabel("Vergabeverfahren")).toHaveValue(
    after.startsWith("EU-weites") ? "eu-open" : /national|direct/,
  );
  await page.getByRole("button", { name: "Verfahren festlegen" }).click();
  await expect(
    page
      .getByRole("region", { name: "Entscheidung über das Verfahren" })
      .getByText("Gewählt", { exact: true }),
  ).toBeVisible();

  // Publish: a KERN dialog says what will happen and asks first.
  await page.getByRole("button", { name: "Ausschreibung veröffentlichen" }).click();
  await expect(page.getByRole("dialog")).toContainText(
    "Nach der Veröffentlichung können Leistungsverzeichnis und Lose nicht mehr geändert werden.",
  );
  await expectAccessible(page);
  await page.getByRole("dialog").getByRole("button", { name: "Bestätigen" }).click();
  await expect(page.getByText(/^Veröffentlicht am/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Öffentliche Bekanntmachung" })).toHaveAttribute(
    "href",
    /\/oeffentlich\//,
  );
  await expect(page.getByRole("link", { name: "Preisblatt (Excel) herunterladen" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Angebote erfassen" })).toBeVisible();
  await expect(
    page.getByRole("link", { name: "Vergabevermerk (zum Drucken und Unterschreiben)" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: /Wertung und Zuschlag/ }).first()).toBeVisible();
  await expect(page.getByLabel(/^Staffeln für /)).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "tender-published");

  await page
    .getByRole("navigation", { name: "Hauptnavigation" })
    .getByRole("link", { name: "Ausschreibungen" })
    .click();
  await expect(page.getByRole("row", { name: new RegExp(reference) })).toContainText(
    "Veröffentlicht",
  );
  await screenshot(page, "tender-list");
  noConsoleErrors();
});

test("another body's office gets a 404 for the tender and its pages", async ({ page }) => {
  expect(tenderPath).toMatch(/^\/ausschreibungen\/[0-9a-f-]{36}$/);
  await logIn(page, demoEmail("procurement", "koenigsbrueck"));
  for (const path of [tenderPath, `${tenderPath}/lose`, `${tenderPath}/umlagen`]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Seite nicht gefunden (404)" })).toBeVisible();
  }
  await page.goto("/ausschreibungen");
  await expect(page.getByRole("row", { name: new RegExp(reference) })).toHaveCount(0);
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the forms post; a departing procedure without a reason and bad bands get a 400 in German", async ({
    page,
  }) => {
    await logIn(page, demoEmail("procurement", "hameln"));
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Guten Tag");
    await page.goto("/ausschreibungen/neu");
    await page.getByLabel(new RegExp(`^${ROUND_B}`)).check();
    await page.getByLabel("Vergabenummer").fill(`${reference}-B`);
    await page.getByLabel("Titel").fill("Zweiter Entwurf");
    await page.getByLabel("Vertragsart").selectOption("framework");
    await page.getByLabel("Laufzeit in Monaten").fill("60");
    let response = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Ausschreibung anlegen" }).click();
    expect((await response).status()).toBe(400);
    await expect(page.getByText(/Laufzeit über 48 Monate braucht eine Begründung/)).toBeVisible();
    await expect(page.getByLabel("Titel")).toHaveValue("Zweiter Entwurf");
    await page.getByLabel("Laufzeit in Monaten").fill("48");
    await page.getByRole("button", { name: "Ausschreibung anlegen" }).click();
    await expect(page.getByRole("heading", { name: "Zweiter Entwurf", level: 1 })).toBeVisible();

    // 48 months of this demand reach the EU threshold: no reason makes a national choice lawful
    await expect(page.getByText(/^EU-weites Verfahren erforderlich/)).toBeVisible();
    await page.getByLabel("Vergabeverfahren").selectOption("national-public");
    response = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Verfahren festlegen" }).click();
    expect((await response).status()).toBe(400);
    await expect(page.getByText("Das gewählte Verfahren ist so nicht zulässig")).toBeVisible();
    await expect(
      page.getByText(/Ein nationales Verfahren ist nicht zulässig \(§ 106 GWB\)/),
    ).toBeVisible();
    await expect(page.getByLabel("Vergabeverfahren")).toHaveValue("national-public");
    await screenshot(page, "tender-procedure-refused-nojs");

    await page
      .getByLabel(/^Staffeln für /)
      .first()
      .fill("0; 5; 5");
    response = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Staffeln von Los 1 speichern" }).click();
    expect((await response).status()).toBe(400);
    await expect(page.getByText(/Staffel 3: Die Mindestmenge 5 muss größer sein/)).toBeVisible();
    await expect(page.getByLabel(/^Staffeln für /).first()).toHaveValue("0; 5; 5");

    // Without JavaScript, publishing first answers with a confirmation step: nothing happened yet.
    await page.getByRole("button", { name: "Ausschreibung veröffentlichen" }).click();
    const step = page.getByRole("alert").filter({ hasText: "Bitte bestätigen" });
    await expect(step).toContainText(
      "Nach der Veröffentlichung können Leistungsverzeichnis und Lose nicht mehr geändert werden.",
    );
    await expect(step.getByRole("link", { name: "Abbrechen" })).toBeVisible();
    // (axe-core cannot run in a page without JavaScript; the step is the kit's Alert markup.)
    await step.getByRole("button", { name: "Bestätigen" }).click();
    await expect(page.getByText("Bitte wählen Sie zuerst das Vergabeverfahren.")).toBeVisible();
  });
});
