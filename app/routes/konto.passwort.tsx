import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect } from "react";

import { Alert } from "~/kit/ui/alert";
import { SubmitButton } from "~/kit/ui/submit-button";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { parseFormData } from "~/kit/http/parse-form.server";
import { passwordChangeSchema } from "~/modules/access/forms";
import { changeOwnPassword } from "~/modules/access/index.server";
import { PasswordField } from "~/modules/access/password-field";
import { clientAddress, readSessionToken, requireUser } from "~/modules/access/index.server";

export const meta: MetaFunction = () => [{ title: "Passwort ändern – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const changed = new URL(request.url).searchParams.has("geaendert");
  return { email: user.email, changed };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = await parseFormData(request, passwordChangeSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const result = await changeOwnPassword({
    user,
    token: (await readSessionToken(request)) ?? "",
    ip: clientAddress(context),
    currentPassword: parsed.data.currentPassword,
    password: parsed.data.password,
  });
  if (!result.ok) return data({ fieldErrors: result.fieldErrors }, { status: result.status });
  throw redirect("/konto/passwort?geaendert");
}

export default function PasswordChangePage() {
  const { email, changed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useValidatedForm(passwordChangeSchema, { serverErrors: actionData?.fieldErrors });
  // After a change the page stays mounted: empty the fields, or the passwords would stay typed in.
  const { key } = useLocation();
  const { reset } = form;
  useEffect(() => {
    if (changed) reset();
  }, [changed, key, reset]);
  return (
    <div className="kern-stack-lg narrow">
      <h1 className="kern-heading-large">Passwort ändern</h1>
      {changed ? (
        <Alert tone="success" title="Passwort geändert">
          <p className="kern-body">
            Ihr neues Passwort gilt ab sofort. Ihre Anmeldungen in anderen Browsern und auf anderen
            Geräten sind beendet; diese Sitzung bleibt bestehen.
          </p>
        </Alert>
      ) : null}
      <p className="kern-body">
        Für Ihr Konto {email}. Nach der Änderung enden Ihre Anmeldungen in anderen Browsern und auf
        anderen Geräten.
      </p>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md">
        {/* For password managers: which account the new password belongs to. */}
        <input type="hidden" name="username" autoComplete="username" value={email} />
        <PasswordField
          purpose="current"
          label="Bisheriges Passwort"
          {...form.bind("currentPassword")}
        />
        <PasswordField purpose="new" label="Neues Passwort" {...form.bind("password")} />
        <PasswordField
          purpose="repeat"
          label="Neues Passwort wiederholen"
          {...form.bind("passwordRepeat")}
        />
        <SubmitButton>Passwort ändern</SubmitButton>
      </Form>
    </div>
  );
}
