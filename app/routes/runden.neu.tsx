import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { RoundBasicsForm } from "~/modules/demand/round-basics-form";
import { DomainError } from "~/domain/errors";
import { parseFormData } from "~/kit/http/parse-form.server";
import { roundInputOf, roundSchema } from "~/modules/demand/forms";
import { createRound } from "~/modules/demand/index.server";
import { requireRole } from "~/modules/access/index.server";
import { toBerlinInput } from "~/kit/dates";

export const meta: MetaFunction = () => [{ title: "Neue Bedarfsabfrage – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["procurement"]);
  const now = new Date();
  const inFourWeeks = new Date(now.getTime() + 28 * 86_400_000);
  inFourWeeks.setUTCHours(11, 0, 0, 0);
  return {
    defaults: {
      budgetYear: String(now.getUTCFullYear() + 1),
      opensAt: toBerlinInput(now),
      deadline: toBerlinInput(inFourWeeks),
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["procurement"]);
  const parsed = await parseFormData(request, roundSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  try {
    const { id } = await createRound({
      leadBodyId: user.bodyId,
      actorUserId: user.id,
      input: roundInputOf(parsed.data),
    });
    throw redirect(`/runden/${id}/artikel`);
  } catch (error) {
    if (error instanceof DomainError)
      return data({ fieldErrors: { deadline: error.message } }, { status: 400 });
    throw error;
  }
}

export default function NewRoundPage() {
  const { defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="kern-stack-lg">
      <h1 className="kern-heading-large">Neue Bedarfsabfrage</h1>
      <p className="kern-body">Danach wählen Sie die Artikel und laden die Körperschaften ein.</p>
      <RoundBasicsForm
        defaultValues={defaults}
        serverErrors={actionData?.fieldErrors}
        submitLabel="Anlegen und Artikel wählen"
      />
    </div>
  );
}
