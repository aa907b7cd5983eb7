import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { FormActions } from "~/kit/ui/submit-button";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { isUuid } from "~/domain/ids";
import { parseFormData } from "~/kit/http/parse-form.server";
import { passwordResetSchema } from "~/modules/access/forms";
import { changePassword, getUserWithBody, userFieldErrors } from "~/modules/access/index.server";
import { requireRole } from "~/modules/access/index.server";
import { PasswordField } from "~/modules/access/password-field";

export const meta: MetaFunction = () => [{ title: "Passwort neu setzen – Bündelkauf" }];

async function requireAccount(userId: string | undefined) {
  const account = isUuid(userId) ? await getUserWithBody({ id: userId }) : undefined;
  if (!account) throw new Response("Dieses Benutzerkonto gibt es nicht.", { status: 404 });
  return account;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const account = await requireAccount(params.userId);
  return { name: account.name, email: account.email, bodyName: account.bodyName };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, ["admin"]);
  const account = await requireAccount(params.userId);
  const parsed = await parseFormData(request, passwordResetSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  try {
    await changePassword({
      userId: account.id,
      password: parsed.data.password,
      actorUserId: admin.id,
      actorBodyId: admin.bodyId,
    });
  } catch (error) {
    return data({ fieldErrors: userFieldErrors(error) }, { status: 400 });
  }
  throw redirect("/admin/benutzer");
}

export default function PasswordResetPage() {
  const account = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useValidatedForm(passwordResetSchema, { serverErrors: actionData?.fieldErrors });
  return (
    <div className="kern-stack-lg narrow">
      <h1 className="kern-heading-large">Passwort neu setzen</h1>
      <p className="kern-body">
        Für {account.name} ({account.email}, {account.bodyName}). Alle laufenden Sitzungen des
        Kontos enden; teilen Sie das neue Passwort der Person auf einem sicheren Weg mit.
      </p>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md">
        <PasswordField purpose="new" label="Neues Passwort" {...form.bind("password")} />
        <FormActions cancelHref="/admin/benutzer">Passwort setzen</FormActions>
      </Form>
    </div>
  );
}
