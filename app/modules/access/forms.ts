import * as z from "zod";

import { roles } from "~/domain/vocabulary";
import { passwordSchema, refinePasswordFor } from "./password-forms";

export const userCreateSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(2, "Bitte geben Sie den Namen ein.")
      .max(200, "Der Name ist zu lang."),
    email: z
      .string()
      .trim()
      .min(1, "Bitte geben Sie die E-Mail-Adresse ein.")
      .max(254, "Die E-Mail-Adresse ist zu lang.")
      .pipe(z.email("Bitte geben Sie eine gültige E-Mail-Adresse ein.")),
    bodyAgs: z
      .string()
      .trim()
      .regex(
        /^\d{5}(\d{3})?$/,
        "Bitte geben Sie den Gemeindeschlüssel (AGS, 8 Ziffern) oder den Kreisschlüssel (5 Ziffern) an.",
      ),
    role: z.enum(roles, { error: "Bitte wählen Sie eine Rolle." }),
    password: passwordSchema,
  })
  .superRefine(refinePasswordFor);

export type UserCreateForm = z.infer<typeof userCreateSchema>;
