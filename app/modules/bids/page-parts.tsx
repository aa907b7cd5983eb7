import { type ReactNode } from "react";

// The part the bids and evaluation pages share: the heading with the tender's line and links.

export function TenderPageHeading({
  title,
  subline,
  links,
}: {
  title: ReactNode;
  subline: ReactNode;
  links: { href: string; label: string; download?: boolean }[];
}) {
  return (
    <>
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">{title}</h1>
        <p className="kern-subline">{subline}</p>
      </hgroup>
      <div className="actions">
        {links.map((link) => (
          <a
            key={link.href}
            className="kern-link"
            href={link.href}
            download={link.download || undefined}
          >
            {link.label}
          </a>
        ))}
      </div>
    </>
  );
}
