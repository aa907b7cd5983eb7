// Resource route: the specification (Leistungsverzeichnis) of a published tender. Public, no
// login; a draft or unknown tender is a 404.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { XLSX_MIME } from "~/domain/ocds";
import { download, notFound } from "~/kit/http/responses.server";
import { loadSpecification } from "~/modules/publication/index.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const specification = await loadSpecification({ tenderId: params.tenderId ?? "" });
  if (!specification) throw notFound();
  return download(specification.fileName, specification.bytes, XLSX_MIME, { cache: "public" });
}
