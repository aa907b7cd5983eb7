import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";

import { Alert } from "~/kit/ui/alert";
import { Field } from "~/kit/ui/field";
import { TenderSelect } from "~/modules/tender/tender-settings-form";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { DomainError } from "~/domain/errors";
import { formatEuro, formatVatRate } from "~/domain/money";
import { sharedCostKeyLabels, sharedCostKeys, sharedCostKindLabels, sharedCostPayerLabels } from "~/domain/vocabulary";
import { fieldErrorsOf, nestFormData } from "~/kit/http/parse-form.server";
import { deleteCostSchema, sharedCostSchema, type SharedCostForm } from "~/modules/tender/forms";
import { DataTable } from "~/kit/ui/data-table";
import { addSharedCost, deleteSharedCost, listLots, listSharedCosts, setSharedCostKey, updateSharedCost } from "~/modules/tender/index.server";
import { requireLeadTender } from "~/modules/tender/index.server";
import { readForm } from "~/kit/http/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Umlagen – ${data?.tender.title ?? "Ausschreibung"} – Bündelkauf` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, tender } = await requireLeadTender(request, params.tenderId);
  const lead = { tenderId: tender.id, leadBodyId: user.bodyId };
  const [lots, costs] = await Promise.all([listLots(lead), listSharedCosts(lead)]);
  const editId = new URL(request.url).searchParams.get("bearbeiten");
  return {
    tender: { id: tender.id, title: tender.title, referenceNumber: tender.referenceNumber, status: tender.status },
    lots: (lots ?? []).map((l) => ({ id: l.id, number: l.number, title: l.title })),
    costs,
    editing: tender.status === "draft" ? (costs.find((c) => c.id === editId) ?? null) : null,
  };
}

const keySchema = z.object({
  intent: z.literal("set-key"),
  costId: z.uuid(),
  key: z.enum(sharedCostKeys),
});

type Result = { intent: string; fieldErrors: Record<string, string>; message: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, tender } = await requireLeadTender(request, params.tenderId);
  const formData = await readForm(request);
  const raw = nestFormData(formData);
  const intent = String(raw.intent ?? "");
  const actor = { tenderId: tender.id, leadBodyId: user.bodyId, actorUserId: user.id };
  const fail = (message: string | null, fieldErrors: Record<string, string> = {}) => data<Result>({ intent, fieldErrors, message }, { status: 400 });
  try {
    if (intent === "add-cost" || intent === "update-cost") {
      const parsed = sharedCostSchema.safeParse(raw);
      if (!parsed.success) return fail(null, fieldErrorsOf(parsed.error));
      const { costId, lotId, input } = parsed.data;
      if (intent === "add-cost") await addSharedCost({ ...actor, lotId, input });
      else await updateSharedCost({ ...actor, costId, input });
    } else if (intent === "delete-cost") {
      const parsed = deleteCostSchema.safeParse(raw);
      if (!parsed.success) return fail("Unbekannte Umlage.");
      await deleteSharedCost({ ...actor, costId: parsed.data.costId });
    } else if (intent === "set-key") {
      const parsed = keySchema.safeParse(raw);
      if (!parsed.success) return fail("Ungültiger Schlüssel.");
      await setSharedCostKey({ ...actor, costId: parsed.data.costId, key: parsed.data.key });
    } else {
      return fail("Unbekannte Aktion.");
    }
  } catch (error) {
    if (error instanceof DomainError) return fail(error.message);
    throw error;
  }
  throw redirect(`/ausschreibungen/${tender.id}/kosten`);
}

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

function amountText(cents: number) {
  return formatEuro(cents).replace(/ €$/, "");
}

export default function SharedCostsPage() {
  const { tender, lots, costs, editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const draft = tender.status === "draft";
  const lotLabel = new Map(lots.map((l) => [l.id, `Los ${l.number}: ${l.title}`]));
  return (
    <div className="kern-stack-lg">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Umlagen</h1>
        <p className="kern-subline">
          {tender.title} · {tender.referenceNumber}
        </p>
      </hgroup>
      <p className="kern-body">
        <a className="kern-link" href={`/ausschreibungen/${tender.id}`}>
          Zurück zur Ausschreibung
        </a>
      </p>
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
                        {options(sharedCostKeyLabels).map((o) => (
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
                    <Form method="post">
                      <input type="hidden" name="intent" value="delete-cost" />
                      <input type="hidden" name="costId" value={c.id} />
                      <button type="submit" className="kern-btn kern-btn--tertiary">
                        <span className="kern-label">
                          Löschen
                          <span className="kern-sr-only">
                            : {c.label}, {lotLabel.get(c.lotId)}
                          </span>
                        </span>
                      </button>
                    </Form>
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

function SharedCostForm({ lots, defaultValues, serverErrors }: { lots: { id: string; number: number; title: string }[]; defaultValues: SharedCostForm; serverErrors?: Record<string, string> }) {
  const form = useValidatedForm(sharedCostSchema, { serverErrors, defaultValues });
  const updating = defaultValues.intent === "update-cost";
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md narrow" id="umlage-form" aria-labelledby="umlage-titel">
      <h2 className="kern-heading-medium" id="umlage-titel">
        {updating ? "Umlage bearbeiten" : "Umlage hinzufügen"}
      </h2>
      <input type="hidden" {...form.field("intent")} />
      <input type="hidden" {...form.field("costId")} />
      <TenderSelect
        id="cost-lot"
        label="Los"
        options={[...(updating ? [] : [{ value: "all", label: "jedes Los (je eine Umlage)" }]), ...lots.map((l) => ({ value: l.id, label: `Los ${l.number}: ${l.title}` }))]}
        registration={form.field("lotId")}
        error={form.errorOf("lotId")}
      />
      <TenderSelect id="cost-kind" label="Art" options={options(sharedCostKindLabels)} registration={form.field("kind")} error={form.errorOf("kind")} />
      <Field id="cost-label" label="Bezeichnung" {...form.field("label")} error={form.errorOf("label")} />
      <Field id="cost-amount" label="Betrag netto in € (bei festem Betrag)" inputMode="decimal" {...form.field("amount")} error={form.errorOf("amount")} />
      <Field id="cost-percent" label="Prozent des Losnettos (bei prozentualen Verwaltungskosten)" inputMode="decimal" {...form.field("percent")} error={form.errorOf("percent")} />
      <Field id="cost-vat" label="Umsatzsteuersatz in %" hint="0 % ist möglich, z. B. nach § 2b UStG." inputMode="decimal" {...form.field("vatRate")} error={form.errorOf("vatRate")} />
      <TenderSelect id="cost-key" label="Schlüssel" options={options(sharedCostKeyLabels)} registration={form.field("key")} error={form.errorOf("key")} />
      <TenderSelect id="cost-payers" label="Wer zahlt" options={options(sharedCostPayerLabels)} registration={form.field("payers")} error={form.errorOf("payers")} />
      <div className="actions">
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">{updating ? "Umlage speichern" : "Umlage hinzufügen"}</span>
        </button>
        {updating ? (
          <a className="kern-link" href="?">
            Abbrechen
          </a>
        ) : null}
      </div>
    </Form>
  );
}
