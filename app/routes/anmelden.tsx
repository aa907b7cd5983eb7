import {
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
  type ActionFunctionArgs,
} from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { Field } from "~/kit/ui/field";
import { SubmitButton } from "~/kit/ui/submit-button";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { loginSchema } from "~/modules/access/forms";
import { parseFormData } from "~/kit/http/parse-form.server";
import { logIn } from "~/modules/access/index.server";
import { PasswordField } from "~/modules/access/password-field";
import { clientAddress, getOptionalUser } from "~/modules/access/index.server";
import { safeRedirect } from "~/kit/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Anmelden – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseFormData(request, loginSchema);
  if (!parsed.ok)
    return data({ fieldErrors: parsed.fieldErrors, formError: null }, { status: 400 });
  const result = await logIn(request, parsed.data, { ip: clientAddress(context) });
  if (!result.ok)
    return data({ fieldErrors: {}, formError: result.message }, { status: result.status });
  throw redirect(safeRedirect(parsed.data.redirectTo), {
    headers: { "Set-Cookie": result.cookie },
  });
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = safeRedirect(searchParams.get("redirectTo"));
  const form = useValidatedForm(loginSchema, { serverErrors: actionData?.fieldErrors });
  return (
    <div className="kern-stack-lg narrow">
      <h1 className="kern-heading-large">Anmelden</h1>
      <p className="kern-body">
        Melden Sie sich mit der E-Mail-Adresse und dem Passwort an, die Ihnen die Administration
        gegeben hat.
      </p>
      {actionData?.formError ? (
        <Alert tone="danger" title="Anmeldung fehlgeschlagen">
          <p className="kern-body">{actionData.formError}</p>
        </Alert>
      ) : null}
      <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          label="E-Mail-Adresse"
          type="email"
          autoComplete="username"
          required
          {...form.bind("email")}
        />
        <PasswordField purpose="current" label="Passwort" {...form.bind("password")} />
        <SubmitButton>Anmelden</SubmitButton>
      </Form>
    </div>
  );
}
