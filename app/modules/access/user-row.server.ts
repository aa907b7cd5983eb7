import { sql } from "drizzle-orm";

import { bodies, users } from "#db/schema";
import { type Role } from "~/domain/vocabulary";

/** A user as the app passes it around: with the name and AGS of the body they act for. */
export type UserWithBody = {
  id: string;
  email: string;
  name: string;
  role: Role;
  bodyId: string;
  bodyName: string;
  bodyAgs: string | null;
  disabled: boolean;
};

/** The columns that make a UserWithBody (from users joined with their body). */
export const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  bodyId: users.bodyId,
  bodyName: bodies.name,
  bodyAgs: bodies.ags,
  disabled: sql<boolean>`${users.disabledAt} is not null`,
};
