import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { BackLink } from "~/kit/ui/back-link";
import { BillingDataPage } from "~/modules/access/billing-data-page";
import { loadBillingDataPage, saveBillingDataPage } from "~/modules/access/index.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Rechnungsdaten ${data?.body.name ?? ""} – Bündelkauf` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadBillingDataPage(request, params.bodyId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  return saveBillingDataPage(request, params.bodyId ?? "");
}

export default function AdminBillingDataPage() {
  const { body, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <BackLink href="/admin/koerperschaften">Zurück zu den Körperschaften</BackLink>
      <BillingDataPage
        title={`Rechnungsdaten: ${body.name}`}
        intro="Leitweg-ID, Anschrift, Bankverbindung und Steuernummern dieser Körperschaft für die XRechnungen der Weiterberechnung."
        body={body}
        saved={saved}
        serverErrors={actionData?.fieldErrors}
      />
    </>
  );
}
