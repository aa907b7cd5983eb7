import { type ReactNode } from "react";

import { PageHeader } from "~/kit/ui/page-header";

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
      <PageHeader title={title} subline={subline} />
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
