import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { formatEuro, formatVatRate } from "~/domain/money";
import {
  sharedCostKeyLabels,
  sharedCostKindLabels,
  sharedCostPayerLabels,
} from "~/domain/vocabulary";
import { Alert } from "~/kit/ui/alert";
import { ConfirmAction } from "~/kit/ui/confirm-action";
import { DataTable } from "~/kit/ui/data-table";
import { labelOptions } from "~/kit/ui/field";
import { BackLink } from "~/kit/ui/back-link";
import { PageHeader } from "~/kit/ui/page-header";
import { TENDER_CONFIRMATIONS } from "~/modules/tender/forms";
import { loadSharedCostsPage, sharedCostsPageAction } from "~/modules/tender/index.server";

import { amountText, SharedCostForm } from "./shared-cost-form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Umlagen – ${data?.tender.title ?? "Ausschreibung"} – Bündelkauf` },
];

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  loadSharedCostsPage(request, params.tenderId);

export const action = ({ request, params }: ActionFunctionArgs) =>
  sharedCostsPageAction(request, params.tenderId);

export default function SharedCostsPage() {
  const { tender, lots, costs, editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const draft = tender.status === "draft";
  const lotLabel = new Map(lots.map((l) => [l.id, l.label]));
  return (
    <div className="kern-stack-lg">
      <PageHeader
        title="Umlagen"
        subline={
          <>
            {tender.title} · {tender.referenceNumber}
          </>
        }
      />
      <BackLink href={`/ausschreibungen/${tender.id}`}>Zurück zur Ausschreibung</BackLink>
      <p className="kern-body">
        Lieferpauschale und Verwaltungskosten der federführenden Stelle werden je Los nach dem
        gewählten Schlüssel auf die Körperschaften verteilt, jeweils mit eigenem Umsatzsteuersatz (0
        % z. B. nach § 2b UStG). Der Schlüssel „nach Ersparnis“ sorgt dafür, dass keine Körperschaft
        mehr zahlt als allein.
      </p>
      {actionData?.message ? <Alert tone="danger" title={actionData.message} /> : null}
      <DataTable
        caption={<>{costs.length} Umlagen</>}
        rows={costs}
        rowKey={(c) => c.id}
        columns={[
          { header: "Los", cell: (c) => lotLabel.get(c.lotId) },
          {
            header: "Umlage",
            cell: (c) => (
              <>
                {c.label}
                <br />
                <span className="kern-body--small">{sharedCostKindLabels[c.kind]}</span>
              </>
            ),
          },
          {
            header: "Betrag (netto)",
            numeric: true,
            cell: (c) => (
              <>
                {c.kind === "admin-percent"
                  ? `${((c.percentBp ?? 0) / 100).toLocaleString("de-DE")} %`
                  : formatEuro(c.amountCents ?? 0)}
              </>
            ),
          },
          { header: "USt.", numeric: true, cell: (c) => formatVatRate(c.vatRateBp) },
          {
            header: "Schlüssel",
            cell: (c) => (
              <>
                {draft ? (
                  sharedCostKeyLabels[c.key]
                ) : (
                  <Form method="post" className="actions">
                    <input type="hidden" name="intent" value="set-key" />
                    <input type="hidden" name="costId" value={c.id} />
                    <label className="kern-sr-only" htmlFor={`key-${c.id}`}>
                      Schlüssel für {c.label}
                    </label>
                    <div className="kern-form-input__select-wrapper">
                      <select
                        id={`key-${c.id}`}
                        name="key"
                        className="kern-form-input__select"
                        defaultValue={c.key}
                      >
                        {labelOptions(sharedCostKeyLabels).map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                    </div>
                    <button type="submit" className="kern-btn kern-btn--secondary">
                      <span className="kern-label">
                        Schlüssel ändern<span className="kern-sr-only">: {c.label}</span>
                      </span>
                    </button>
                  </Form>
                )}
              </>
            ),
          },
          { header: "Zahlen", cell: (c) => sharedCostPayerLabels[c.payers] },
          {
            header: "Aktion",
            cell: (c) => (
              <>
                {draft ? (
                  <div className="actions">
                    <a className="kern-link" href={`?bearbeiten=${c.id}#umlage-form`}>
                      Bearbeiten
                      <span className="kern-sr-only">
                        : {c.label}, {lotLabel.get(c.lotId)}
                      </span>
                    </a>
                    <ConfirmAction
                      fields={{ intent: "delete-cost", costId: c.id }}
                      label="Löschen"
                      srSuffix={`: ${c.label}, ${lotLabel.get(c.lotId) ?? ""}`}
                      title={`Umlage „${c.label}“ löschen?`}
                      text={TENDER_CONFIRMATIONS.deleteCost}
                      variant="tertiary"
                    />
                  </div>
                ) : (
                  "–"
                )}
              </>
            ),
          },
        ]}
      />
      {draft ? (
        <SharedCostForm
          key={`${editing?.id ?? "neu"}-${costs.length}`}
          lots={lots}
          serverErrors={
            actionData?.intent === "add-cost" || actionData?.intent === "update-cost"
              ? actionData.fieldErrors
              : undefined
          }
          defaultValues={
            editing
              ? {
                  intent: "update-cost",
                  costId: editing.id,
                  lotId: editing.lotId,
                  kind: editing.kind,
                  label: editing.label,
                  amount: editing.amountCents !== null ? amountText(editing.amountCents) : "",
                  percent:
                    editing.percentBp !== null
                      ? (editing.percentBp / 100).toLocaleString("de-DE")
                      : "",
                  vatRate: (editing.vatRateBp / 100).toLocaleString("de-DE"),
                  key: editing.key,
                  payers: editing.payers,
                }
              : {
                  intent: "add-cost",
                  costId: "",
                  lotId: "all",
                  kind: "delivery",
                  label: "Lieferpauschale",
                  amount: "",
                  percent: "",
                  vatRate: "19",
                  key: "value",
                  payers: "all",
                }
          }
        />
      ) : null}
    </div>
  );
}
