import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";

import { CatalogueItemFields } from "~/modules/catalogue/catalogue-item-fields";
import { FormActions } from "~/kit/ui/submit-button";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { catalogueItemSchema, emptyCatalogueFields } from "~/modules/catalogue/forms";
import { saveCatalogueItemForm } from "~/modules/catalogue/index.server";
import { requireRole } from "~/modules/access/index.server";
import { readForm } from "~/kit/http/request-body.server";

export const meta: MetaFunction = () => [{ title: "Artikel anlegen – Katalog – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin", "procurement"]);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin", "procurement"]);
  const saved = await saveCatalogueItemForm({
    request,
    formData: await readForm(request),
    actorUserId: user.id,
    actorBodyId: user.bodyId,
  });
  if (!saved.ok) return data(saved, { status: 400 });
  throw redirect(`/katalog/${saved.id}?gespeichert=angelegt`);
}

export default function NewCatalogueItemPage() {
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? emptyCatalogueFields;
  // No defaultValues: react-hook-form takes each field's initial value from the DOM, which the
  // server rendered from `values` (and which may be a refused, invalid entry).
  const form = useValidatedForm(catalogueItemSchema, { serverErrors: actionData?.fieldErrors });
  return (
    <div className="kern-stack-lg narrow">
      <h1 className="kern-heading-large">Artikel anlegen</h1>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md">
        <CatalogueItemFields form={form} values={values} />
        <FormActions cancelHref="/katalog">Artikel anlegen</FormActions>
      </Form>
    </div>
  );
}
