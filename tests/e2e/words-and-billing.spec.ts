import { expect, test } from "@playwright/test";

import { demoEmail } from "../factories/demo";

import { expectAccessible, logIn, screenshot, watchConsole } from "./support";

// Issues 15, 17 and 18 in the browser, from the demo data, each page passing axe-core: a body's
// Kämmerei keeps its billing data and is told what is wrong, the admin edits another body's, the
// cost page's tiles compare net with net and link the body's XRechnung.

test("a Kämmerei keeps its body's billing data, with German errors for a bad Leitweg-ID", async ({
  page,
}) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("treasurer", "emmerthal"));
  await page
    .getByRole("navigation", { name: "Hauptnavigation" })
    .getByRole("link", { name: "Rechnungsdaten" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: /^Rechnungsdaten: / })).toBeVisible();
  const leitweg = page.getByLabel("Leitweg-ID");
  const valid = await leitweg.inputValue();
  expect(valid).toMatch(/^03252005/);
  await expectAccessible(page);

  // One digit of the check digits changed: refused, in German, at the field.
  const wrong = valid.replace(/(\d)$/, (d) => String((Number(d) + 1) % 10));
  await leitweg.fill(wrong);
  await page.getByLabel("Postleitzahl").fill("318");
  await page.getByRole("button", { name: "Rechnungsdaten speichern" }).click();
  await expect(page.getByText(/Prüfziffer der Leitweg-ID .* stimmt nicht/)).toBeVisible();
  await expect(
    page.getByText("Bitte geben Sie die Postleitzahl mit fünf Ziffern ein."),
  ).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "billing-data-errors");

  await leitweg.fill(valid);
  await page.getByLabel("Postleitzahl").fill("31860");
  await page.getByLabel("Ansprechperson für Rechnungen").fill("Frau Kämmerin");
  await page.getByRole("button", { name: "Rechnungsdaten speichern" }).click();
  await expect(page.getByText("Rechnungsdaten gespeichert")).toBeVisible();
  await expect(page.getByLabel("Ansprechperson für Rechnungen")).toHaveValue("Frau Kämmerin");
  await expectAccessible(page);
  noConsoleErrors();
});

test("the administration opens a body's billing data from the list of bodies", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, "admin@buendelkauf.example");
  await page.goto("/admin/koerperschaften?q=Hameln");
  await page
    .getByRole("link", { name: /^Hameln.*Rechnungsdaten bearbeiten$/ })
    .first()
    .click();
  await expect(
    page.getByRole("heading", { level: 1, name: /^Rechnungsdaten: Hameln/ }),
  ).toBeVisible();
  await expect(page.getByLabel("IBAN")).not.toHaveValue("");
  await expectAccessible(page);
  await screenshot(page, "admin-billing-data");
  noConsoleErrors();
});

test("a participating body's cost page compares net with net and links its XRechnung", async ({
  page,
}) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("treasurer", "emmerthal"));
  await page.goto("/kosten");
  // An awarded tender the body takes part in (the list also holds tenders without an award).
  await page
    .getByRole("table")
    .getByRole("link", { name: "Büropapier, Toner und Lizenzen 2027–2029", exact: true })
    .click();
  await expect(page.getByRole("heading", { name: "Vergleich, alle Beträge netto" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Zu zahlen, brutto" })).toBeVisible();
  const link = page.getByRole("link", { name: /XRechnung, XML/ });
  await expect(link).toBeVisible();
  expect(await link.getAttribute("href")).toMatch(/^\/kosten\/[0-9a-f-]+\/xrechnung\.xml$/);
  const response = await page.request.get((await link.getAttribute("href"))!);
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain("<cbc:BuyerReference>03252005");
  await expect(page.locator("body")).not.toContainText(/€\s*€/);
  await expectAccessible(page);
  await screenshot(page, "cost-page-tiles");
  noConsoleErrors();
});
