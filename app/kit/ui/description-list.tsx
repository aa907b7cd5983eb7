import { type ReactNode } from "react";

/** KERN's description list: a few facts of a page (Beginn, Frist, Status …) as term and value. */
export function DescriptionList({
  items,
}: {
  items: readonly ({ term: string; value: ReactNode } | false | null | undefined)[];
}) {
  return (
    <dl className="kern-description-list">
      {items
        .filter((i): i is { term: string; value: ReactNode } => Boolean(i))
        .map((i) => (
          <div className="kern-description-list-item" key={i.term}>
            <dt className="kern-description-list-item__key">{i.term}</dt>
            <dd className="kern-description-list-item__value">{i.value}</dd>
          </div>
        ))}
    </dl>
  );
}
