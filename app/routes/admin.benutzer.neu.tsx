import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";

import { Field, FieldError } from "~/kit/ui/field";
import { SubmitButton } from "~/kit/ui/submit-button";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { roleLabels, roles } from "~/domain/vocabulary";
import { parseFormData } from "~/kit/http/parse-form.server";
import { userCreateSchema } from "~/modules/access/forms";
import { getBodyByAgs } from "~/modules/access/index.server";
import { createUser, EmailTakenError, WeakPasswordError } from "~/modules/access/index.server";
import { requireRole } from "~/modules/access/index.server";
import { NewPasswordField } from "~/modules/access/new-password-field";

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
    if (error instanceof EmailTakenError) {
      return data({ fieldErrors: { email: error.message } }, { status: 400 });
    }
    if (error instanceof WeakPasswordError) {
      return data({ fieldErrors: { password: error.message } }, { status: 400 });
    }
    throw error;
  }
  throw redirect("/admin/benutzer");
}

export default function NewUserPage() {
  const actionData = useActionData<typeof action>();
  const form = useValidatedForm(userCreateSchema, { serverErrors: actionData?.fieldErrors });
  const roleError = form.errorOf("role");
  return (
    <div className="kern-stack-lg narrow">
      <h1 className="kern-heading-large">Benutzer anlegen</h1>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md">
        <Field id="name" label="Name" autoComplete="off" {...form.bind("name")} />
        <Field
          id="email"
          label="E-Mail-Adresse"
          type="email"
          autoComplete="off"
          {...form.bind("email")}
        />
        <Field
          id="bodyAgs"
          label="Körperschaft (Gemeindeschlüssel)"
          hint="8 Ziffern für eine Gemeinde, 5 Ziffern für einen Landkreis, z. B. 03252006 für Hameln."
          inputMode="numeric"
          {...form.bind("bodyAgs")}
        />
        <fieldset
          className={`kern-fieldset${roleError ? " kern-fieldset--error" : ""}`}
          aria-describedby={roleError ? "role-error" : undefined}
        >
          <legend className="kern-label">Rolle</legend>
          <div className="kern-fieldset__body">
            {roles.map((r) => (
              <div className="kern-form-check" key={r}>
                <input
                  className="kern-form-check__radio"
                  type="radio"
                  id={`role-${r}`}
                  value={r}
                  {...form.register("role")}
                />
                <label className="kern-label" htmlFor={`role-${r}`}>
                  {roleLabels[r]}
                </label>
              </div>
            ))}
          </div>
          {roleError ? <FieldError id="role-error" message={roleError} /> : null}
        </fieldset>
        <NewPasswordField id="password" label="Erstes Passwort" {...form.bind("password")} />
        <div className="actions">
          <SubmitButton>Anlegen</SubmitButton>
          <a className="kern-link" href="/admin/benutzer">
            Abbrechen
          </a>
        </div>
      </Form>
    </div>
  );
}
