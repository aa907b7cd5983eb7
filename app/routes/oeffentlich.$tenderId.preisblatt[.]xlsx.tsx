// Resource route: the price sheet (Preisblatt) of a published tender, for bidders. Public, no
// login; a draft or unknown tender is a 404. Built by the bid module's price-sheet export, the
// same file the office uploads back as a bid.
import { notFound } from "~/kit/http/responses.server";
import { type LoaderFunctionArgs } from "@remix-run/node";

import { buildPriceSheet } from "~/modules/publication/index.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const sheet = await buildPriceSheet({ tenderId: params.tenderId ?? "" });
  if (!sheet) throw notFound();
  return new Response(sheet.bytes, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${sheet.fileName}"`,
      "Content-Length": String(sheet.bytes.byteLength),
      "Cache-Control": "public, max-age=0, must-revalidate",
    },
  });
}
