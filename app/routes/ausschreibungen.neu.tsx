import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { TenderSettingsForm } from "~/modules/tender/tender-settings-form";
import { DomainError } from "~/domain/errors";
import { fieldErrorsOf, nestFormData } from "~/kit/http/parse-form.server";
import { newTenderSchema, type NewTenderForm, QUALITY_ROWS, settingsInputOf } from "~/modules/tender/forms";
import { createTender, listClosedRoundsLedBy } from "~/modules/tender/index.server";
import { requireRole } from "~/modules/access/index.server";
import { toBerlinInput } from "~/kit/dates";
import { readForm } from "~/kit/http/request-body.server";

export const meta: MetaFunction = () => [{ title: "Neue Ausschreibung – Bündelkauf" }];

function defaults(now: Date, roundIds: string[]): NewTenderForm {
  const inSixWeeks = new Date(now.getTime() + 42 * 86_400_000);
  inSixWeeks.setUTCHours(10, 0, 0, 0);
  return {
    roundIds,
    referenceNumber: "",
    title: "",
    description: "",
    pricing: "all-units",
    contractType: "single",
    termMonths: "12",
    termReason: "",
    contractStart: `${now.getUTCFullYear() + 1}-01-01`,
    criteria: "price",
    priceWeight: "100",
    qualityCriteria: Array.from({ length: QUALITY_ROWS }, () => ({ name: "", weight: "" })),
    submissionDeadline: toBerlinInput(inSixWeeks),
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["procurement"]);
  const now = new Date();
  const rounds = await listClosedRoundsLedBy({ bodyId: user.bodyId, now });
  const preselected = new URL(request.url).searchParams.getAll("runde");
  return {
    rounds: rounds.map((r) => ({ ...r, deadline: r.deadline.toISOString() })),
    defaults: defaults(now, rounds.length === 1 ? [rounds[0]!.id] : preselected),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["procurement"]);
  const formData = await readForm(request);
  const raw = { ...nestFormData(formData), roundIds: formData.getAll("roundIds") };
  const parsed = newTenderSchema.safeParse(raw);
  // Sent back so that a form refused without JavaScript comes back filled in.
  const values = raw as unknown as NewTenderForm;
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), message: null, values }, { status: 400 });
  let id: string;
  try {
    ({ id } = await createTender({
      leadBodyId: user.bodyId,
      actorUserId: user.id,
      input: { ...settingsInputOf(parsed.data), roundIds: parsed.data.roundIds as string[] },
    }));
  } catch (error) {
    if (error instanceof DomainError) return data({ fieldErrors: {}, message: error.message, values }, { status: 400 });
    throw error;
  }
  throw redirect(`/ausschreibungen/${id}`);
}

export default function NewTenderPage() {
  const { rounds, defaults: initial } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="kern-stack-lg">
      <h1 className="kern-heading-large">Neue Ausschreibung</h1>
      <p className="kern-body">
        Wählen Sie die abgeschlossenen Bedarfsabfragen, die gebündelt werden. Teilnehmende Körperschaften und Lose werden vorgeschlagen; Sie passen sie danach an.
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
