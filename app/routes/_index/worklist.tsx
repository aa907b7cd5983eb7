// The parts every work list of the start page is built from: a section per role with its counts
// (each a link to the list it counts), a sub-list with a heading, and an entry of such a list.
// Lists, not tables: an entry wraps on a phone instead of widening the page.
import { type ReactNode } from "react";

import { Badge } from "~/kit/ui/badge";
export type Count = { n: number; one: string; many: string; to: string };

export function RoleSection({
  id,
  title,
  counts,
  children,
}: {
  id: string;
  title: string;
  counts: Count[];
  children: ReactNode;
}) {
  return (
    <section className="kern-stack" aria-labelledby={id}>
      <h2 className="kern-heading-medium" id={id}>
        {title}
      </h2>
      {counts.length > 0 ? (
        <ul className="worklist-counts" aria-label={`Überblick: ${title}`}>
          {counts.map((c) => (
            <li key={c.one}>
              <a className="kern-link" href={c.to}>
                <strong>{c.n.toLocaleString("de-DE")}</strong> {c.n === 1 ? c.one : c.many}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {children}
    </section>
  );
}

export function SubList({
  id,
  title,
  empty,
  count,
  children,
}: {
  id: string;
  title: string;
  empty: string;
  count: number;
  children: ReactNode;
}) {
  return (
    <div className="kern-stack-sm">
      <h3 className="kern-heading-small" id={id}>
        {title}
      </h3>
      {count === 0 ? (
        <p className="kern-body">{empty}</p>
      ) : (
        <ul className="worklist" aria-labelledby={id}>
          {children}
        </ul>
      )}
    </div>
  );
}

export function Entry({
  title,
  to,
  badge,
  facts,
  children,
}: {
  title: string;
  to: string;
  badge?: { label: string; tone: "info" | "success" | "warning" | "danger" };
  facts: ReactNode[];
  children?: ReactNode;
}) {
  return (
    <li className="worklist__item">
      <div className="worklist__title">
        <a className="kern-link" href={to}>
          {title}
        </a>
        {badge ? <Badge tone={badge.tone}>{badge.label}</Badge> : null}
      </div>
      {facts.length > 0 ? (
        <ul className="worklist__facts">
          {facts.map((fact, i) => (
            <li key={i}>{fact}</li>
          ))}
        </ul>
      ) : null}
      {children}
    </li>
  );
}

/** A file to download, as an item of an entry's actions; `context` names the entry for screen readers. */
export function FileLink({ to, label, context }: { to: string; label: string; context: string }) {
  return (
    <li>
      <a className="kern-link" href={to} download>
        {label}
        <span className="kern-sr-only"> – {context}</span>
      </a>
    </li>
  );
}
