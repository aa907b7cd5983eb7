// Confirmation before the irreversible (decision 028). The server side of `ConfirmAction`
// (app/kit/ui/confirm-action.tsx): an action that cannot be undone acts only on a POST that
// carries `bestaetigt=1`. Any other POST gets the confirmation step back, with what was posted,
// so that the page (without JavaScript) can show the text and post the same fields again.

/** The field a confirmed POST carries, with the value "1". */
export const CONFIRM_FIELD = "bestaetigt";

/** What an unconfirmed POST is answered with: the text, and the fields to post again. */
export type ConfirmationStep = { text: string; values: Record<string, string> };

/**
 * Null when the form carries the confirmation; otherwise the confirmation step to answer with
 * (the caller returns it and does nothing else).
 */
export function confirmationNeeded(formData: FormData, text: string): ConfirmationStep | null {
  if (formData.get(CONFIRM_FIELD) === "1") return null;
  const values: Record<string, string> = {};
  for (const [name, value] of formData) {
    if (typeof value === "string" && name !== CONFIRM_FIELD) values[name] = value.slice(0, 4000);
  }
  return { text, values };
}
