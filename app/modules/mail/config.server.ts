// The mail settings from the environment, validated at start-up like the database's (db/client.ts).
import * as z from "zod";

const optional = (schema: z.ZodString) =>
  schema.optional().or(z.literal("").transform(() => undefined));

const envSchema = z.object({
  /** Where the links in a mail point: the address users open the app at. */
  APP_URL: z
    .url({ protocol: /^https?$/, error: "APP_URL muss eine http- oder https-Adresse sein" })
    .default("http://localhost:3000")
    .transform((url) => url.replace(/\/+$/, "")),
  /**
   * `smtp://host:port` (a local relay, no TLS, no login) or `smtps://user:pass@host` (a real
   * one). Absent: nothing leaves the machine; the admin reads the outbox (/admin/postausgang).
   */
  SMTP_URL: optional(
    z.string().regex(/^smtps?:\/\/[^\s]+$/, "SMTP_URL muss mit smtp:// oder smtps:// beginnen"),
  ),
  MAIL_FROM: z.string().min(3).default("Bündelkauf <noreply@buendelkauf.example>"),
  /** How often the worker looks for due mails and reminders. */
  MAIL_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  /** "off": the server starts no worker (tests start one explicitly; default there). */
  MAIL_WORKER: z.enum(["on", "off"], { error: "MAIL_WORKER muss on oder off sein" }).optional(),
});

export type MailConfig = Omit<z.infer<typeof envSchema>, "MAIL_WORKER"> & {
  MAIL_WORKER: "on" | "off";
};

export function readMailConfig(env: Record<string, string | undefined> = process.env): MailConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Ungültige E-Mail-Konfiguration:\n${problems.join("\n")}`);
  }
  return {
    ...parsed.data,
    MAIL_WORKER: parsed.data.MAIL_WORKER ?? (env.VITEST ? "off" : "on"),
  };
}

/** The absolute address of a page of the app, for a link in a mail. */
export function appLink(
  path: string,
  env: Record<string, string | undefined> = process.env,
): string {
  return `${readMailConfig(env).APP_URL}${path}`;
}
