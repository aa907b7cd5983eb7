import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { roleLabels } from "~/domain/vocabulary";
import { dashboardFor } from "~/modules/dashboard/index.server";
import { requireUser } from "~/modules/access/index.server";

export const meta: MetaFunction = () => [{ title: "Übersicht – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    name: user.name,
    role: user.role,
    bodyName: user.bodyName,
    cards: await dashboardFor(user),
  };
}

export default function Dashboard() {
  const { name, role, bodyName, cards } = useLoaderData<typeof loader>();
  return (
    <div className="kern-stack-lg">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Guten Tag, {name}</h1>
        <p className="kern-subline">
          {roleLabels[role]} · {bodyName}
        </p>
      </hgroup>
      <h2 className="kern-heading-medium">Ihre nächsten Schritte</h2>
      <div className="cards">
        {cards.map((card) => (
          <section key={card.title} className="kern-card" aria-labelledby={`karte-${card.id}`}>
            <div className="kern-card__container">
              <header className="kern-card__header">
                <h3 className="kern-title" id={`karte-${card.id}`}>
                  {card.title}
                </h3>
              </header>
              <div className="kern-card__body">
                <p className="kern-body">{card.text}</p>
                {card.items?.map((item) => (
                  <div
                    key={item.to}
                    className="dashboard-item"
                    role="group"
                    aria-label={item.label}
                  >
                    <a className="kern-link" href={item.to}>
                      {item.label}
                    </a>
                    <dl className="dashboard-facts">
                      {item.facts.map((f) => (
                        <div key={f.label}>
                          <dt>{f.label}</dt>
                          <dd>{f.value}</dd>
                        </div>
                      ))}
                    </dl>
                    {item.download ? (
                      <a className="kern-link" href={item.download.to} download>
                        {item.download.label}
                        <span className="kern-sr-only"> – {item.download.context}</span>
                      </a>
                    ) : null}
                  </div>
                ))}
              </div>
              {card.link ? (
                <footer className="kern-card__footer">
                  <a className="kern-link" href={card.link.to}>
                    {card.link.label}
                  </a>
                </footer>
              ) : null}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
