// Open data: the current OCDS 1.1.5 release of one published tender (with the lots extension):
// the tender release, or after an award the newest award release. Public; drafts are a 404.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { buildCurrentRelease } from "~/domain/ocds";
import { getPublishedTender } from "~/modules/publication/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const tender = await getPublishedTender({ tenderId: params.tenderId ?? "" });
  if (!tender) {
    return Response.json(
      { error: "Keine veröffentlichte Ausschreibung mit dieser Kennung." },
      { status: 404, headers: { "Access-Control-Allow-Origin": "*" } },
    );
  }
  const release = buildCurrentRelease(tender, { origin: new URL(request.url).origin });
  return Response.json(release, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "public, max-age=60",
    },
  });
}
