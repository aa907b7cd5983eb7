import * as z from "zod";

/**
 * The partner finder's filter (query string) and its one form, shared with the browser.
 * Land = the first 2 digits of the AGS, Landkreis = the first 5 (decision 018).
 */
export const regionSchema = z.object({
  land: z
    .string()
    .regex(/^\d{2}$/, "Das Land wird mit seinem zweistelligen Schlüssel gewählt.")
    .optional(),
  kreis: z
    .string()
    .regex(/^\d{5}$/, "Der Landkreis wird mit seinem fünfstelligen Schlüssel gewählt.")
    .optional(),
});
export type Region = z.infer<typeof regionSchema>;

/** "Zur nächsten Bedarfsabfrage einladen": the lead's Vergabestelle invites a body to its round. */
export const invitePartnerSchema = z.object({
  intent: z.literal("invite", { error: "Unbekannte Aktion." }),
  bodyId: z.uuid({ error: "Bitte eine Körperschaft wählen." }),
  roundId: z.uuid({ error: "Bitte eine Bedarfsabfrage wählen." }),
});
export type InvitePartnerInput = z.infer<typeof invitePartnerSchema>;
