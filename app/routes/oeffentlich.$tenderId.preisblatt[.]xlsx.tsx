// Resource route: the price sheet (Preisblatt) of a published tender, for bidders. Public, no
// login; a draft or unknown tender is a 404. Built by the bid module's price-sheet export, the
// same file the office uploads back as a bid.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { XLSX_MIME } from "~/domain/ocds";
import { download, notFound } from "~/kit/http/responses.server";
import { buildPriceSheet } from "~/modules/publication/index.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const sheet = await buildPriceSheet({ tenderId: params.tenderId ?? "" });
  if (!sheet) throw notFound();
  return download(sheet.fileName, sheet.bytes, XLSX_MIME, { cache: "public" });
}
