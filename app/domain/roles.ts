/** Roles are per body (DESIGN.md "Who uses it"). */
export const roles = ["officer", "procurement", "treasurer", "admin"] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  officer: "Beschaffer/in",
  procurement: "Vergabestelle",
  treasurer: "Kämmerei",
  admin: "Administration",
};
