// The form of /konto/benachrichtigungen: one checkbox per kind of mail, "on" when ticked.
import * as z from "zod";

import { type MailKind, mailKinds } from "~/domain/vocabulary";

const ticked = z.literal("on").optional();

export const mailPreferencesSchema = z.object(
  Object.fromEntries(mailKinds.map((kind) => [kind, ticked])) as Record<MailKind, typeof ticked>,
);

export type MailPreferencesForm = z.infer<typeof mailPreferencesSchema>;
