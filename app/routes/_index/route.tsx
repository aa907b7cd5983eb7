// The start page: a work list per role (app/modules/dashboard), each its own section.
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { roleLabels } from "~/domain/vocabulary";
import { Alert } from "~/kit/ui/alert";
import { PageHeader } from "~/kit/ui/page-header";
import { dashboardAction, loadDashboard } from "~/modules/dashboard/index.server";

import { AdminList } from "./admin-list";
import { OfficerList } from "./officer-list";
import { ProcurementList } from "./procurement-list";
import { TreasurerList } from "./treasurer-list";

export const meta: MetaFunction = () => [{ title: "Übersicht – Bündelkauf" }];

export const loader = ({ request }: LoaderFunctionArgs) => loadDashboard(request);

export async function action({ request }: ActionFunctionArgs) {
  const result = await dashboardAction(request);
  return result instanceof Response ? result : data(result, { status: 400 });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function Dashboard() {
  const { name, role, bodyName, sections, reminded } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  return (
    <div className="kern-stack-lg">
      <PageHeader
        title={<>Guten Tag, {name}</>}
        subline={
          <>
            {roleLabels[role]} · {bodyName}
          </>
        }
      />
      {reminded ? (
        reminded.mails > 0 ? (
          <Alert tone="success" title="Erinnerung vorgemerkt">
            <p className="kern-body">
              {plural(reminded.mails, "E-Mail geht", "E-Mails gehen")} an die Beschaffung von{" "}
              {plural(reminded.bodies, "Körperschaft", "Körperschaften")} ohne Antwort.
            </p>
          </Alert>
        ) : (
          <Alert tone="info" title="Keine weitere Erinnerung nötig">
            <p className="kern-body">
              {reminded.bodies === 0
                ? "Alle eingeladenen Körperschaften haben geantwortet."
                : "Heute ist an diese Bedarfsabfrage bereits erinnert worden."}
            </p>
          </Alert>
        )
      ) : null}
      {refusal && "message" in refusal ? <Alert tone="danger" title={refusal.message} /> : null}
      {sections.map((section) => {
        switch (section.role) {
          case "officer":
            return <OfficerList key="officer" section={section} />;
          case "procurement":
            return <ProcurementList key="procurement" section={section} />;
          case "treasurer":
            return <TreasurerList key="treasurer" section={section} />;
          case "admin":
            return <AdminList key="admin" section={section} />;
        }
      })}
    </div>
  );
}
