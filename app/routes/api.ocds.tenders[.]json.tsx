// Open data: every release of every published tender as one OCDS 1.1.5 release package, 50
// tenders per page (`?seite=2`, with `links.next`/`links.prev` as OCDS paginates). Public.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { buildReleasePackage, buildReleases } from "~/domain/ocds";
import { listPublishedTendersInFull } from "~/modules/publication/index.server";
import { pageParams } from "~/kit/pagination";

const OCDS_PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { page } = pageParams(url);
  const { total, tenders } = await listPublishedTendersInFull({ page, pageSize: OCDS_PAGE_SIZE });
  const pageUrl = (p: number) => `${url.origin}${url.pathname}${p > 1 ? `?seite=${p}` : ""}`;
  const releasePackage = buildReleasePackage({
    uri: pageUrl(page),
    publishedDate: new Date(),
    releases: tenders.flatMap((tender) => buildReleases(tender, { origin: url.origin })),
    next: page * OCDS_PAGE_SIZE < total ? pageUrl(page + 1) : undefined,
    prev: page > 1 ? pageUrl(page - 1) : undefined,
  });
  return Response.json(releasePackage, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "public, max-age=60",
    },
  });
}
