// The form of /konto/benachrichtigungen: one checkbox per kind of mail, "on" when ticked.
import * as z from "zod";

import { type MailKind, mailKinds } from "~/domain/vocabulary";

const ticked = z.literal("on").optional();

// An unticked box sends nothing, so a body without `intent` would read as "all off": the marker
// keeps a stray or malformed POST from switching a user's mails off.
export const mailPreferencesSchema = z.object({
  intent: z.literal("speichern", { error: "Das Formular ist unvollständig." }),
  ...(Object.fromEntries(mailKinds.map((kind) => [kind, ticked])) as Record<
    MailKind,
    typeof ticked
  >),
});

export type MailPreferencesForm = z.infer<typeof mailPreferencesSchema>;
