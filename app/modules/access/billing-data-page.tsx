// The page body shared by the admin's and the Kämmerei's billing-data pages.
import { Alert } from "~/kit/ui/alert";

import { BillingDataForm } from "./billing-data-form";
import { type BillingDataForm as Fields } from "./forms";

export function BillingDataPage({
  title,
  intro,
  body,
  saved,
  serverErrors,
}: {
  title: string;
  intro: string;
  body: Partial<Record<keyof Fields, string | null>> & { name: string };
  saved: boolean;
  serverErrors?: Record<string, string>;
}) {
  return (
    <div className="kern-stack-lg narrow">
      <h1 className="kern-heading-large">{title}</h1>
      {saved ? (
        <Alert tone="success" title="Rechnungsdaten gespeichert">
          <p className="kern-body">
            Die nächsten XRechnungen an und von {body.name} tragen diese Angaben.
          </p>
        </Alert>
      ) : null}
      {serverErrors?.form ? (
        <Alert tone="danger" title="Nicht gespeichert">
          <p className="kern-body">{serverErrors.form}</p>
        </Alert>
      ) : null}
      <p className="kern-body">{intro}</p>
      <BillingDataForm defaults={body} serverErrors={serverErrors} />
    </div>
  );
}
