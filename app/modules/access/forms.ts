// The access module's forms (zod, shared with the browser): login, passwords, a new user.
import * as z from "zod";

import { ibanProblem } from "~/domain/iban";
import { leitwegIdProblem } from "~/domain/leitweg-id";
import { passwordProblem } from "~/domain/password-policy";
import { roles } from "~/domain/vocabulary";

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

// Length over composition (NIST SP 800-63B, BSI IT-Grundschutz ORP.4): the rules live in
// app/domain/password-policy.ts; here only those that need no name or email address.
export const passwordSchema = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** The rule that needs the person: add it to a form that has the name and the email. */
export function refinePasswordFor(
  value: { password: string; email?: string; name?: string },
  ctx: z.RefinementCtx,
) {
  const problem = passwordProblem(value.password, value);
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
}

export const passwordResetSchema = z.object({ password: passwordSchema });

export type PasswordResetForm = z.infer<typeof passwordResetSchema>;

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

// ─── A body's billing data (XRechnung): the Leitweg-ID with its check digits, address, bank,
// tax ids and the invoicing contact. Empty optional fields are stored as empty. ───────────────
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what}: höchstens ${max} Zeichen.`)
    .optional()
    .transform((v) => v ?? "");

export const billingDataSchema = z.object({
  leitwegId: z
    .string()
    .trim()
    .min(1, "Bitte geben Sie die Leitweg-ID ein, z. B. 04011000-1234512345-06.")
    .max(46, "Die Leitweg-ID ist zu lang (höchstens 46 Zeichen).")
    .transform((v) => v.toUpperCase())
    .superRefine((value, ctx) => {
      const problem = leitwegIdProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  street: z
    .string()
    .trim()
    .min(1, "Bitte geben Sie Straße und Hausnummer ein.")
    .max(200, "Straße: höchstens 200 Zeichen."),
  postcode: z
    .string()
    .trim()
    .regex(/^\d{5}$/, "Bitte geben Sie die Postleitzahl mit fünf Ziffern ein."),
  city: z
    .string()
    .trim()
    .min(1, "Bitte geben Sie den Ort ein.")
    .max(100, "Ort: höchstens 100 Zeichen."),
  iban: z
    .string()
    .trim()
    .max(42, "Die IBAN ist zu lang.")
    .optional()
    .transform((v) => v ?? "")
    .superRefine((value, ctx) => {
      const problem = value === "" ? null : ibanProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  bic: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ?? "").toUpperCase())
    .refine(
      (v) => v === "" || /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(v),
      "Die BIC hat 8 oder 11 Zeichen, z. B. NOLADE21HAM.",
    ),
  vatId: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ?? "").replace(/\s+/g, "").toUpperCase())
    .refine(
      (v) => v === "" || /^DE\d{9}$/.test(v),
      "Die USt-IdNr. besteht aus DE und neun Ziffern, z. B. DE123456789.",
    ),
  taxNumber: optionalText(30, "Steuernummer"),
  invoiceContactName: optionalText(100, "Ansprechperson"),
  invoiceContactPhone: optionalText(40, "Telefon"),
  invoiceEmail: z
    .string()
    .trim()
    .max(254, "Die E-Mail-Adresse ist zu lang.")
    .optional()
    .transform((v) => v ?? "")
    .refine(
      (v) => v === "" || z.email().safeParse(v).success,
      "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
    ),
});

export type BillingDataForm = z.infer<typeof billingDataSchema>;

/** What disabling an account does, for its confirmation (decision 028). */
export const DISABLE_USER_CONFIRMATION =
  "Das Konto wird gesperrt und alle seine Sitzungen werden beendet. Entsperren lässt es sich nicht; die Person braucht dann ein neues Konto.";

const DEADLINE_DAYS_MESSAGE = "Bitte geben Sie eine ganze Zahl von 1 bis 60 Tagen ein.";

/** The Vergabestelle's own minimum submission period below the EU threshold (UVgO § 13). */
export const nationalDeadlineSchema = z.object({
  nationalDeadlineMinDays: z
    .string(DEADLINE_DAYS_MESSAGE)
    .trim()
    .regex(/^\d{1,2}$/, DEADLINE_DAYS_MESSAGE)
    .transform(Number)
    .pipe(z.number().int().min(1, DEADLINE_DAYS_MESSAGE).max(60, DEADLINE_DAYS_MESSAGE)),
});

export type NationalDeadlineForm = z.input<typeof nationalDeadlineSchema>;
