// Call-offs against a framework agreement's maximum in the browser (issue 17, decision 025), on
// the demo seed's framework WF-2026-11 "Papier und Toner 2027": the lead's Vergabestelle sees the
// Höchstmenge and what is called off per lot and body and follows "Abruf…"; the Stadt's Kämmerei
// follows "Abruf…" from its cost page; its Beschafferin records a call-off within the maximum,
// sees it, and one over the maximum is refused in German with what is left. axe on every page.
// Run: npm run build && E2E_PORT=3225 npx playwright test --config tests/e2e/playwright.config.ts calloffs
import { expect, test } from "@playwright/test";

import { demoEmail } from "../factories/demo";

import { expectAccessible, logIn, screenshot, watchConsole } from "./support";

test.describe.configure({ mode: "serial" });

const TENDER = "Papier und Toner 2027";

test("the lead sees the maximum and what is called off, and follows Abruf…", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("procurement", "lk-wolfenbuettel"));
  await page.goto("/ausschreibungen");
  await page.getByRole("link", { name: TENDER }).click();
  const section = page.getByRole("region", { name: "Abrufe aus der Rahmenvereinbarung" });
  await expect(
    section.getByRole("columnheader", { name: "Höchstmenge", exact: true }),
  ).toBeVisible();
  await expect(
    section.getByRole("columnheader", { name: "abgerufen", exact: true }).first(),
  ).toBeVisible();
  await expect(section.getByRole("table", { name: "Abgerufen je Körperschaft" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "calloffs-tender");

  await page.getByRole("link", { name: "Abruf…", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Abrufe: ${TENDER}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Erfasste Abrufe \(\d+\)/ })).toBeVisible();
  // the lead sees every body's call-offs, and records none itself
  await expect(page.getByRole("button", { name: "Abruf erfassen" })).toHaveCount(0);
  await expectAccessible(page);
  noConsoleErrors();
});

test("the Kämmerei follows Abruf… from its cost page", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("treasurer", "wolfenbuettel"));
  await page.goto("/kosten");
  await page.getByRole("link", { name: TENDER, exact: true }).first().click();
  const section = page.getByRole("region", { name: "Abrufe aus der Rahmenvereinbarung" });
  await expect(section.getByRole("table", { name: "Abrufe je Haushaltsjahr" })).toBeVisible();
  await expect(section.getByRole("rowheader", { name: "2028" })).toBeVisible();
  await expectAccessible(page);
  await section.getByRole("link", { name: "Abruf…", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Abrufe: ${TENDER}` })).toBeVisible();
  await expectAccessible(page);
  noConsoleErrors();
});

test("the Beschafferin records a call-off within the maximum; one over it is refused", async ({
  page,
}) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("officer", "wolfenbuettel"));
  // The start page lists what was awarded to the body; a framework offers "Abruf…".
  await page.getByRole("link", { name: `Abruf… – ${TENDER}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Abrufe: ${TENDER}` })).toBeVisible();
  await expectAccessible(page);

  const paper = page.getByRole("combobox", { name: "Artikel", exact: true });
  const value = await paper.locator("option", { hasText: "Kopierpapier" }).getAttribute("value");
  await paper.selectOption(value!);
  await page.getByRole("textbox", { name: "Menge", exact: true }).fill("37");
  await page.getByLabel("Datum des Abrufs", { exact: true }).fill("2027-11-05");
  await page.getByRole("textbox", { name: "Kostenstelle", exact: true }).fill("E2E Bürgerbüro");
  await page.getByRole("button", { name: "Abruf erfassen" }).click();
  await expect(page.getByText("Der Abruf ist erfasst.")).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "E2E Bürgerbüro" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("05.11.2027");
  await expect(row).toContainText("37");
  await expectAccessible(page);
  await screenshot(page, "calloffs-recorded");
  // The refusal answers 400 on purpose, and the browser logs every 4xx as an error: the console
  // is checked up to here.
  noConsoleErrors();

  await paper.selectOption(value!);
  await page.getByRole("textbox", { name: "Menge", exact: true }).fill("100.000");
  await page.getByLabel("Datum des Abrufs", { exact: true }).fill("2027-11-06");
  await page.getByRole("textbox", { name: "Kostenstelle", exact: true }).fill("E2E zu viel");
  const answer = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: "Abruf erfassen" }).click();
  expect((await answer).status()).toBe(400);
  const refusal = page.getByRole("alert");
  await expect(refusal).toContainText("Der Abruf wurde nicht erfasst.");
  await expect(refusal).toContainText(
    /Der Abruf von 100\.000 überschreitet die Höchstmenge von [\d.]+; abrufbar sind noch [\d.]+\./,
  );
  await expect(page.getByRole("row").filter({ hasText: "E2E zu viel" })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "calloffs-refused");
});
