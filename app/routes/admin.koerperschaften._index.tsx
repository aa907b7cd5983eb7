import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { Alert } from "~/kit/ui/alert";
import { readForm } from "~/kit/http/request-body.server";
import { Pagination } from "~/kit/ui/pagination";
import { bodyKindLabels } from "~/domain/vocabulary";
import { DataTable } from "~/kit/ui/data-table";
import {
  bodySearchQuery,
  requireAdminList,
  searchBodies,
  setCostCentreRequired,
} from "~/modules/access/index.server";
import { requireRole } from "~/modules/access/index.server";
import { BodySearchForm } from "~/modules/access/body-search-form";

export const meta: MetaFunction = () => [{ title: "Körperschaften – Bündelkauf" }];

const nf = new Intl.NumberFormat("de-DE");

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, page, pageSize } = await requireAdminList(request);
  const query = bodySearchQuery(url);
  const { rows, total } = await searchBodies({ query, page, pageSize });
  return { rows, total, page, query, pageSize };
}

const costCentreSchema = z.object({
  intent: z.literal("cost-centre"),
  bodyId: z.uuid(),
  required: z.enum(["ja", "nein"]),
});

/** Whether a body's demand lines must name a Kostenstelle (decision 022). */
export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, ["admin"]);
  const parsed = costCentreSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ message: "Ungültige Anfrage.", ok: false }, { status: 400 });
  const required = parsed.data.required === "ja";
  const changed = await setCostCentreRequired({
    bodyId: parsed.data.bodyId,
    required,
    actorUserId: admin.id,
    actorBodyId: admin.bodyId,
  });
  return {
    ok: changed,
    message: !changed
      ? "Die Einstellung war bereits so."
      : required
        ? "Bedarfszeilen dieser Körperschaft brauchen jetzt eine Kostenstelle."
        : "Bedarfszeilen dieser Körperschaft dürfen jetzt ohne Kostenstelle gemeldet werden.",
  };
}

export default function BodiesPage() {
  const { rows, total, page, query, pageSize } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="kern-stack-lg">
      <h1 className="kern-heading-large">Körperschaften</h1>
      {result ? <Alert tone={result.ok ? "success" : "warning"} title={result.message} /> : null}
      <BodySearchForm query={query} />
      <DataTable
        caption={
          <>
            {nf.format(total)} {total === 1 ? "Körperschaft" : "Körperschaften"}
            {query ? ` für „${query}“` : ""}
          </>
        }
        rows={rows}
        rowKey={(b) => b.id}
        columns={[
          { header: "AGS", cell: (b) => b.ags },
          {
            header: "Name",
            cell: (b) => (
              <a className="kern-link" href={`/admin/koerperschaften/${b.id}`}>
                {b.name}
                <span className="kern-sr-only"> – Rechnungsdaten bearbeiten</span>
              </a>
            ),
          },
          { header: "Art", cell: (b) => bodyKindLabels[b.kind] },
          { header: "Kreis", cell: (b) => b.kreis },
          { header: "Land", cell: (b) => b.land },
          { header: "Einwohner", numeric: true, cell: (b) => nf.format(b.population) },
          {
            header: "Kostenstelle Pflicht",
            action: true,
            cell: (b) => (
              <Form method="post">
                <input type="hidden" name="intent" value="cost-centre" />
                <input type="hidden" name="bodyId" value={b.id} />
                <input type="hidden" name="required" value={b.requireCostCentre ? "nein" : "ja"} />
                <span className="kern-label">{b.requireCostCentre ? "ja" : "nein"}</span>{" "}
                <button type="submit" className="kern-btn kern-btn--secondary kern-btn--x-small">
                  <span className="kern-label">
                    {b.requireCostCentre ? "Aufheben" : "Verlangen"}
                    <span className="kern-sr-only">: Kostenstelle für {b.name}</span>
                  </span>
                </button>
              </Form>
            ),
          },
        ]}
      />
      <Pagination
        page={page}
        pageSize={pageSize}
        total={total}
        query={query ? { q: query } : undefined}
      />
    </div>
  );
}
