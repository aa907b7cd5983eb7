import * as z from "zod";

import { passwordSchema } from "./password-forms";

/** A user changes their own password (/konto/passwort): the old one, the new one twice. */
export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, "Bitte geben Sie Ihr bisheriges Passwort ein."),
    password: passwordSchema,
    passwordRepeat: z.string().min(1, "Bitte wiederholen Sie das neue Passwort."),
  })
  .superRefine((value, ctx) => {
    if (value.passwordRepeat !== "" && value.password !== value.passwordRepeat) {
      ctx.addIssue({
        code: "custom",
        path: ["passwordRepeat"],
        message: "Die beiden neuen Passwörter stimmen nicht überein.",
      });
    }
  });

export type PasswordChangeForm = z.infer<typeof passwordChangeSchema>;
