import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";

import { mailKinds } from "~/domain/vocabulary";
import { parseFormData } from "~/kit/http/parse-form.server";
import { Alert } from "~/kit/ui/alert";
import { Check, ChoiceFieldset } from "~/kit/ui/choice";
import { SubmitButton } from "~/kit/ui/submit-button";
import { requireUser } from "~/modules/access/index.server";
import { mailPreferencesSchema } from "~/modules/mail/forms";
import { getMailPreferences, setMailPreferences } from "~/modules/mail/index.server";

export const meta: MetaFunction = () => [{ title: "Benachrichtigungen – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const saved = new URL(request.url).searchParams.has("gespeichert");
  return {
    email: user.email,
    saved,
    preferences: await getMailPreferences({ userId: user.id, role: user.role }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = await parseFormData(request, mailPreferencesSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  await setMailPreferences({
    userId: user.id,
    role: user.role,
    on: mailKinds.filter((kind) => parsed.data[kind] === "on"),
  });
  throw redirect("/konto/benachrichtigungen?gespeichert");
}

export default function MailPreferencesPage() {
  const { email, saved, preferences } = useLoaderData<typeof loader>();
  return (
    <div className="kern-stack-lg narrow">
      <h1 className="kern-heading-large">Benachrichtigungen</h1>
      {saved ? (
        <Alert tone="success" title="Gespeichert">
          <p className="kern-body">Ihre Auswahl gilt ab sofort.</p>
        </Alert>
      ) : null}
      {preferences.length === 0 ? (
        <p className="kern-body">Ihre Rolle erhält keine E-Mails von Bündelkauf.</p>
      ) : (
        <Form method="post" className="kern-stack-md">
          <input type="hidden" name="intent" value="speichern" />
          <ChoiceFieldset legend={`E-Mails an ${email}`}>
            {preferences.map((p) => (
              <Check
                key={p.kind}
                type="checkbox"
                id={`mail-${p.kind}`}
                name={p.kind}
                label={p.label}
                defaultChecked={p.on}
                disabled={p.mandatory}
                hint={
                  p.mandatory
                    ? "Immer: Ihre Körperschaft muss erfahren, dass sie gefragt ist."
                    : null
                }
              />
            ))}
          </ChoiceFieldset>
          <SubmitButton>Speichern</SubmitButton>
        </Form>
      )}
    </div>
  );
}
