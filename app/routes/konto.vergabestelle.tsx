import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { Field } from "~/kit/ui/field";
import { SubmitButton } from "~/kit/ui/submit-button";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { nationalDeadlineSchema } from "~/modules/access/forms";
import {
  loadProcurementSettingsPage,
  saveProcurementSettingsPage,
} from "~/modules/access/index.server";

export const meta: MetaFunction = () => [{ title: "Einstellungen der Vergabestelle – Bündelkauf" }];

export const loader = ({ request }: LoaderFunctionArgs) => loadProcurementSettingsPage(request);

export const action = ({ request }: ActionFunctionArgs) => saveProcurementSettingsPage(request);

export default function ProcurementSettingsPage() {
  const { body, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useValidatedForm(nationalDeadlineSchema, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: { nationalDeadlineMinDays: String(body.days) },
  });
  return (
    <div className="kern-stack-lg narrow">
      <h1 className="kern-heading-large">Einstellungen der Vergabestelle: {body.name}</h1>
      {saved ? (
        <Alert tone="success" title="Einstellungen gespeichert">
          <p className="kern-body">
            Nationale Ausschreibungen, die Sie ab jetzt veröffentlichen, lassen mindestens{" "}
            {body.days} Tage für Angebote.
          </p>
        </Alert>
      ) : null}
      <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md">
        <Field
          label="Mindestfrist für Angebote in nationalen Verfahren (Tage)"
          hint="Für Öffentliche und Beschränkte Ausschreibung (UVgO § 13: „angemessen“), 1 bis 60 Tage; üblich sind 10. Kürzer nur mit einer Begründung, die in den Vergabevermerk kommt. EU-weite Verfahren haben ihre gesetzlichen Fristen."
          required
          inputMode="numeric"
          autoComplete="off"
          {...form.bind("nationalDeadlineMinDays")}
        />
        <SubmitButton>Einstellungen speichern</SubmitButton>
      </Form>
    </div>
  );
}
