// The form for a body's billing data (XRechnung), shared by the admin's page for any body and a
// body's own Kämmerei; checked in the browser and again on the server with billingDataSchema.
import { Form } from "@remix-run/react";

import { Field } from "~/kit/ui/field";
import { SubmitButton } from "~/kit/ui/submit-button";
import { useValidatedForm } from "~/kit/ui/use-validated-form";

import { billingDataSchema, type BillingDataForm } from "./forms";

type Key = keyof BillingDataForm;

const FIELDS: {
  key: Key;
  label: string;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  inputMode?: "numeric" | "email" | "tel";
  type?: string;
}[] = [
  {
    key: "leitwegId",
    label: "Leitweg-ID",
    hint: "Adresse Ihres Rechnungseingangs, mit Prüfziffer am Ende, z. B. 04011000-1234512345-06. Sie steht in jeder XRechnung an Ihre Körperschaft (Käuferreferenz).",
    required: true,
  },
  { key: "street", label: "Straße und Hausnummer", required: true, autoComplete: "street-address" },
  {
    key: "postcode",
    label: "Postleitzahl",
    required: true,
    autoComplete: "postal-code",
    inputMode: "numeric",
  },
  { key: "city", label: "Ort", required: true, autoComplete: "address-level2" },
  {
    key: "iban",
    label: "IBAN",
    hint: "Nur für die federführende Stelle nötig: das Konto, auf das beteiligte Körperschaften zahlen.",
  },
  { key: "bic", label: "BIC" },
  { key: "vatId", label: "USt-IdNr.", hint: "Wenn vorhanden, z. B. DE123456789." },
  { key: "taxNumber", label: "Steuernummer", hint: "Wenn keine USt-IdNr. vorhanden ist." },
  { key: "invoiceContactName", label: "Ansprechperson für Rechnungen" },
  { key: "invoiceContactPhone", label: "Telefon", type: "tel", inputMode: "tel" },
  { key: "invoiceEmail", label: "E-Mail für Rechnungen", type: "email", inputMode: "email" },
];

export function BillingDataForm({
  defaults,
  serverErrors,
  submitLabel = "Rechnungsdaten speichern",
}: {
  defaults: Partial<Record<Key, string | null>>;
  serverErrors?: Record<string, string>;
  submitLabel?: string;
}) {
  const form = useValidatedForm(billingDataSchema, {
    serverErrors,
    defaultValues: Object.fromEntries(FIELDS.map((f) => [f.key, defaults[f.key] ?? ""])),
  });
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md">
      {FIELDS.map((f) => (
        <Field
          key={f.key}
          id={f.key}
          label={f.label}
          hint={f.hint}
          required={f.required}
          autoComplete={f.autoComplete ?? "off"}
          inputMode={f.inputMode}
          type={f.type ?? "text"}
          {...form.bind(f.key)}
        />
      ))}
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
