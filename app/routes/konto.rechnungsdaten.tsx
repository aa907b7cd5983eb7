import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { BillingDataPage } from "~/modules/access/billing-data-page";
import { loadBillingDataPage, saveBillingDataPage } from "~/modules/access/index.server";

export const meta: MetaFunction = () => [{ title: "Rechnungsdaten – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return loadBillingDataPage(request);
}

export async function action({ request }: ActionFunctionArgs) {
  return saveBillingDataPage(request);
}

export default function OwnBillingDataPage() {
  const { body, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <BillingDataPage
      title={`Rechnungsdaten: ${body.name}`}
      intro="Mit diesen Angaben stellt die federführende Stelle Ihrer Körperschaft ihren Anteil als XRechnung in Rechnung; führt Ihre Körperschaft selbst, ist sie Rechnungsstellerin."
      body={body}
      saved={saved}
      serverErrors={actionData?.fieldErrors}
    />
  );
}
