import { expect, test } from "@playwright/test";

import { demoEmail } from "../factories/demo";

import { expectAccessible, logIn, screenshot, watchConsole } from "./support";

// The partner finder (issue 16) from the demo data: the list, the filter and one item's bodies,
// each passing axe-core.
test("a Beschaffer finds partners for the body's items, filters by Land and opens an item", async ({
  page,
}) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("officer", "hessisch-oldendorf"));
  await page
    .getByRole("navigation", { name: "Hauptnavigation" })
    .getByRole("link", { name: "Partnersuche" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Partnersuche" })).toBeVisible();
  await expect(page.getByText("Alle Beträge sind Schätzungen")).toBeVisible();
  const table = page.getByRole("table", { name: /Mögliche Bündel/ });
  await expect(table).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "partner-list");

  await page.getByLabel("Land", { exact: true }).selectOption("03");
  await page.getByRole("button", { name: "Filtern" }).click();
  await expect(page).toHaveURL(/land=03/);
  await expect(table).toBeVisible();
  await expectAccessible(page);

  await table.getByRole("link").first().click();
  await expect(page).toHaveURL(/artikel=/);
  await expect(page.getByRole("table", { name: "Körperschaften im Gebiet" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "partner-item");
  noConsoleErrors();
});

test("the Vergabestelle's page passes axe-core", async ({ page }) => {
  await logIn(page, demoEmail("procurement", "hameln"));
  await page.goto("/partner");
  await expect(page.getByRole("heading", { level: 1, name: "Partnersuche" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "partner-procurement");
});
