// The start page's one form: the lead's reminder to the bodies that have not answered a round.
import * as z from "zod";

export const reminderSchema = z.object({
  intent: z.literal("remind"),
  roundId: z.uuid({ error: "Unbekannte Bedarfsabfrage." }),
});
