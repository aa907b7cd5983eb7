import { Form } from "@remix-run/react";

import { formatQuantity } from "~/domain/lots";
import { Checkbox } from "~/kit/ui/checkbox";
import { DataTable } from "~/kit/ui/data-table";
import { FieldError } from "~/kit/ui/field";
import { Section } from "~/kit/ui/section";

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
                <Checkbox
                  id={`teilnahme-${p.bodyId}`}
                  label={
                    <>
                      {p.name}
                      {p.isLead ? " (federführend)" : ""}
                    </>
                  }
                  name="bodyIds"
                  value={p.bodyId}
                  defaultChecked={p.included}
                />
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
    <Section id="teilnehmende" title="Teilnehmende Körperschaften">
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
    </Section>
  );
}
