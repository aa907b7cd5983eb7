// Which kinds of mail a user receives: every kind of the user's role, minus those turned off.
// A kind the role may not turn off (the Beschaffer/in's invitation) stays on whatever is sent.
import { and, eq, inArray } from "drizzle-orm";

import { getDb } from "#db/client";
import { mailOptOuts } from "#db/schema";
import {
  type MailKind,
  mailKindLabels,
  mailKindsByRole,
  mandatoryMailKinds,
  type Role,
} from "~/domain/vocabulary";

export type MailPreference = { kind: MailKind; label: string; on: boolean; mandatory: boolean };

export async function getMailPreferences({
  userId,
  role,
}: {
  userId: string;
  role: Role;
}): Promise<MailPreference[]> {
  const db = await getDb();
  const off = await db
    .select({ kind: mailOptOuts.kind })
    .from(mailOptOuts)
    .where(eq(mailOptOuts.userId, userId));
  const offKinds = new Set(off.map((o) => o.kind));
  return mailKindsByRole[role].map((kind) => {
    const mandatory = mandatoryMailKinds[role].includes(kind);
    return { kind, label: mailKindLabels[kind], mandatory, on: mandatory || !offKinds.has(kind) };
  });
}

/** Keeps exactly the kinds in `on` switched on (of those the role receives and may switch). */
export async function setMailPreferences({
  userId,
  role,
  on,
}: {
  userId: string;
  role: Role;
  on: readonly MailKind[];
}): Promise<void> {
  const switchable = mailKindsByRole[role].filter((k) => !mandatoryMailKinds[role].includes(k));
  const off = switchable.filter((k) => !on.includes(k));
  const db = await getDb();
  await db.transaction(async (tx) => {
    if (switchable.length > 0) {
      await tx
        .delete(mailOptOuts)
        .where(and(eq(mailOptOuts.userId, userId), inArray(mailOptOuts.kind, switchable)));
    }
    if (off.length > 0) {
      await tx.insert(mailOptOuts).values(off.map((kind) => ({ userId, kind })));
    }
  });
}
