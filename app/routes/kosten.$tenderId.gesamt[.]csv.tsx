// Resource route: every body's lines and shared-cost shares as one CSV, streamed with its
// progress recorded. Lead treasurer and procurement only.
import { type LoaderFunctionArgs } from "@remix-run/node";

import { csvFileName, splitCsvStream } from "~/modules/split/index.server";
import { csvResponse, requireLeadExport } from "~/modules/split/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { split, progress } = await requireLeadExport(request, params.tenderId, "csv");
  return csvResponse(csvFileName(split), splitCsvStream(split, progress));
}
