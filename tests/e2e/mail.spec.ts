import { expect, test } from "@playwright/test";

import { demoEmail } from "../factories/demo";

import { expectAccessible, logIn, screenshot, watchConsole } from "./support";

// The mail pages (issue 17) from the demo data, each passing axe-core: the administration's
// outbox already holds the demo rounds' invitations; a Beschaffer turns a kind off and keeps the
// invitation, which is not theirs to turn off.
test("the administration sees the demo invitations in the outbox", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, "admin@buendelkauf.example");
  await page.goto("/admin/postausgang");
  await expect(page.getByRole("heading", { level: 1, name: "Postausgang" })).toBeVisible();
  await expect(page.getByText(/Einladung zur Bedarfsabfrage/).first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "outbox");
  noConsoleErrors();
});

test("a Beschaffer chooses the mails they get; the invitation stays on", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("officer", "emmerthal"));
  await page.getByRole("link", { name: "Benachrichtigungen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Benachrichtigungen" })).toBeVisible();
  const boxes = page.getByRole("checkbox");
  await expect(boxes.first()).toBeDisabled();
  await expect(boxes.first()).toBeChecked();
  await expectAccessible(page);
  const second = boxes.nth(1);
  await second.uncheck();
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page.getByText("Ihre Auswahl gilt ab sofort.")).toBeVisible();
  await expect(page.getByRole("checkbox").nth(1)).not.toBeChecked();
  await expectAccessible(page);
  noConsoleErrors();
});
