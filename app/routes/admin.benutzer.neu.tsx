import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";

import { Check, ChoiceFieldset } from "~/kit/ui/choice";
import { FormFields } from "~/kit/ui/form-fields";
import { FormActions } from "~/kit/ui/submit-button";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { roleLabels, roles } from "~/domain/vocabulary";
import { parseFormData } from "~/kit/http/parse-form.server";
import { userCreateSchema } from "~/modules/access/forms";
import { getBodyByAgs } from "~/modules/access/index.server";
import { createUser, userFieldErrors } from "~/modules/access/index.server";
import { requireRole } from "~/modules/access/index.server";
import { PasswordField } from "~/modules/access/password-field";

export const meta: MetaFunction = () => [{ title: "Benutzer anlegen – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, ["admin"]);
  const parsed = await parseFormData(request, userCreateSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const body = await getBodyByAgs({ ags: parsed.data.bodyAgs });
  if (!body) {
    return data(
      { fieldErrors: { bodyAgs: "Zu diesem Schlüssel ist keine Körperschaft hinterlegt." } },
      { status: 400 },
    );
  }
  try {
    await createUser({ ...parsed.data, bodyId: body.id, actorUserId: admin.id });
  } catch (error) {
    return data({ fieldErrors: userFieldErrors(error) }, { status: 400 });
  }
  throw redirect("/admin/benutzer");
}

export default function NewUserPage() {
  const actionData = useActionData<typeof action>();
  const form = useValidatedForm(userCreateSchema, { serverErrors: actionData?.fieldErrors });
  return (
    <div className="kern-stack-lg narrow">
      <h1 className="kern-heading-large">Benutzer anlegen</h1>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md">
        <FormFields
          form={form}
          fields={[
            { name: "name", label: "Name", autoComplete: "off" },
            { name: "email", label: "E-Mail-Adresse", type: "email", autoComplete: "off" },
            {
              name: "bodyAgs",
              label: "Körperschaft (Gemeindeschlüssel)",
              hint: "8 Ziffern für eine Gemeinde, 5 Ziffern für einen Landkreis, z. B. 03252006 für Hameln.",
              inputMode: "numeric",
            },
          ]}
        />
        <ChoiceFieldset legend="Rolle" error={form.errorOf("role")} errorId="role-error">
          {roles.map((r) => (
            <Check
              key={r}
              type="radio"
              id={`role-${r}`}
              value={r}
              label={roleLabels[r]}
              {...form.register("role")}
            />
          ))}
        </ChoiceFieldset>
        <PasswordField purpose="new" label="Erstes Passwort" {...form.bind("password")} />
        <FormActions cancelHref="/admin/benutzer">Anlegen</FormActions>
      </Form>
    </div>
  );
}
