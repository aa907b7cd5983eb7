// Billing data for test bodies (XRechnung, decision 016): every body a valid Leitweg-ID and an
// invoice address, the lead also its bank account, tax ids and invoicing contact. Written
// through the access module's own writer, which checks the Leitweg-ID.
import { getDb } from "#db/client";
import { makeLeitwegId } from "~/domain/leitweg-id";
import { setBodyBillingData } from "~/modules/access/index.server";

import { demoIban } from "./demo";

let counter = 0;

export async function makeBillingData({
  leadBodyId,
  bodyIds,
}: {
  leadBodyId: string;
  bodyIds: readonly string[];
}) {
  const db = await getDb();
  for (const bodyId of new Set([leadBodyId, ...bodyIds])) {
    counter++;
    const lead = bodyId === leadBodyId;
    await setBodyBillingData(db, {
      bodyId,
      data: {
        leitwegId: makeLeitwegId(`99${String(counter).padStart(6, "0")}`, lead ? "KAEMMEREI" : ""),
        street: `Rathausstraße ${counter}`,
        postcode: "31785",
        city: "Teststadt",
        ...(lead
          ? {
              iban: demoIban("10000000", String(counter)),
              vatId: "DE900000099",
              taxNumber: "21/815/08150",
              invoiceContactName: "Kämmerei der federführenden Stelle",
              invoiceContactPhone: "+49 5151 0000-1",
              invoiceEmail: "rechnung@federfuehrend.example",
            }
          : {}),
      },
    });
  }
}
