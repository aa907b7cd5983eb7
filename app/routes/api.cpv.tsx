import { type LoaderFunctionArgs } from "@remix-run/node";

import { searchCpv } from "~/modules/catalogue/index.server";
import { requireUser } from "~/modules/access/index.server";

export type CpvSuggestion = { code: string; label: string };

/** Type-ahead for CPV codes: `/api/cpv?q=3019` or `?q=papier`, at most 20 suggestions. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const rows = q.length < 2 ? [] : await searchCpv({ query: q, limit: 20 });
  const results: CpvSuggestion[] = rows.map((r) => ({ code: r.code, label: r.labelDe }));
  return Response.json(
    { query: q, results },
    { headers: { "Cache-Control": "private, max-age=300" } },
  );
}
