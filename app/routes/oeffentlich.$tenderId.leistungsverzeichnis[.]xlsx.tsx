// Resource route: the specification (Leistungsverzeichnis) of a published tender. Public, no
// login; a draft or unknown tender is a 404.
import { notFound } from "~/kit/http/responses.server";
import { type LoaderFunctionArgs } from "@remix-run/node";

import { loadSpecification } from "~/modules/publication/index.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const specification = await loadSpecification({ tenderId: params.tenderId ?? "" });
  if (!specification) throw notFound();
  return new Response(specification.bytes, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      // The slug is plain ASCII, so no filename* variant is needed.
      "Content-Disposition": `attachment; filename="${specification.fileName}"`,
      "Content-Length": String(specification.bytes.byteLength),
      // Public, but it changes when an award is added to the tender: revalidate.
      "Cache-Control": "public, max-age=0, must-revalidate",
    },
  });
}
