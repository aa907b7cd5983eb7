import { Form } from "@remix-run/react";

import { formatQuantity } from "~/domain/lots";
import { DataTable } from "~/kit/ui/data-table";
import { FieldError } from "~/kit/ui/field";

import { type loader } from "./route";

type Participant = Awaited<ReturnType<typeof loader>>["participants"][number];

export function Participants({
  tenderId,
  draft,
  participants,
  serverErrors,
}: {
  tenderId: string;
  draft: boolean;
  participants: Participant[];
  serverErrors?: Record<string, string>;
}) {
  const error = serverErrors?.bodyIds;
  const table = (
    <DataTable
      caption={
        <>
          {participants.filter((p) => p.included).length} von {participants.length} Körperschaften
          mit Bedarf nehmen teil
        </>
      }
      rows={participants}
      rowKey={(p) => p.bodyId}
      columns={[
        {
          header: <>{draft ? "Nimmt teil" : "Körperschaft"}</>,
          cell: (p) => (
            <>
              {draft ? (
                <div className="kern-form-check">
                  <input
                    className="kern-form-check__checkbox"
                    type="checkbox"
                    id={`teilnahme-${p.bodyId}`}
                    name="bodyIds"
                    value={p.bodyId}
                    defaultChecked={p.included}
                  />
                  <label className="kern-label" htmlFor={`teilnahme-${p.bodyId}`}>
                    {p.name}
                    {p.isLead ? " (federführend)" : ""}
                  </label>
                </div>
              ) : (
                <>
                  {p.name}
                  {p.isLead ? " (federführend)" : ""}
                </>
              )}
            </>
          ),
        },
        { header: "AGS", cell: (p) => p.ags ?? "–" },
        { header: "Einwohner", numeric: true, cell: (p) => formatQuantity(p.population) },
        { header: "Bedarfszeilen", numeric: true, cell: (p) => formatQuantity(p.lines) },
      ]}
    />
  );
  return (
    <section className="kern-stack-sm" aria-labelledby="teilnehmende">
      <h2 className="kern-heading-medium" id="teilnehmende">
        Teilnehmende Körperschaften
      </h2>
      {draft ? (
        <Form method="post" action={`/ausschreibungen/${tenderId}`} className="kern-stack-sm">
          <input type="hidden" name="intent" value="participants" />
          <p className="kern-hint">
            Nehmen Sie den Haken weg, um eine Körperschaft aus dieser Ausschreibung herauszunehmen.
          </p>
          {table}
          {error ? <FieldError id="bodyIds-error" message={error} /> : null}
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">Teilnehmende speichern</span>
          </button>
        </Form>
      ) : (
        table
      )}
    </section>
  );
}
