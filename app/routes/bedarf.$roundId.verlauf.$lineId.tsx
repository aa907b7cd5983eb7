import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { DemandLineHistory } from "~/modules/demand/demand-line-history";
import { requireRole } from "~/modules/access/index.server";
import { loadLineHistory } from "~/modules/demand/index.server";

export const meta: MetaFunction = () => [{ title: "Verlauf einer Bedarfszeile – Bündelkauf" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["officer"]);
  return loadLineHistory({
    roundId: params.roundId,
    lineId: params.lineId,
    viewerBodyId: user.bodyId,
    as: "owner",
    backTo: `/bedarf/${params.roundId}`,
  });
}

export default function LineHistoryPage() {
  return <DemandLineHistory {...useLoaderData<typeof loader>()} />;
}
