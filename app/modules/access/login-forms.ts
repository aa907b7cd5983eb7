import * as z from "zod";

export const loginSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Bitte geben Sie Ihre E-Mail-Adresse ein.")
    .max(254, "Die E-Mail-Adresse ist zu lang.")
    .pipe(z.email("Bitte geben Sie eine gültige E-Mail-Adresse ein.")),
  password: z
    .string()
    .min(1, "Bitte geben Sie Ihr Passwort ein.")
    .max(256, "Das Passwort ist zu lang."),
  redirectTo: z.string().optional(),
});

export type LoginForm = z.infer<typeof loginSchema>;
