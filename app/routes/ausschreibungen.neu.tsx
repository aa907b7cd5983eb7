import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { TenderSettingsForm } from "~/modules/tender/tender-settings-form";
import { loadNewTenderPage, newTenderAction } from "~/modules/tender/index.server";

export const meta: MetaFunction = () => [{ title: "Neue Ausschreibung – Bündelkauf" }];

export const loader = ({ request }: LoaderFunctionArgs) => loadNewTenderPage(request);

export const action = ({ request }: ActionFunctionArgs) => newTenderAction(request);

export default function NewTenderPage() {
  const { rounds, defaults: initial } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="kern-stack-lg">
      <h1 className="kern-heading-large">Neue Ausschreibung</h1>
      <p className="kern-body">
        Wählen Sie die abgeschlossenen Bedarfsabfragen, die gebündelt werden. Teilnehmende
        Körperschaften und Lose werden vorgeschlagen; Sie passen sie danach an.
      </p>
      {actionData?.message ? <Alert tone="danger" title={actionData.message} /> : null}
      <TenderSettingsForm
        mode="create"
        rounds={rounds}
        defaultValues={actionData?.values ?? initial}
        serverErrors={actionData?.fieldErrors}
        submitLabel="Ausschreibung anlegen"
      />
    </div>
  );
}
