import * as z from "zod";

import { passwordProblem } from "~/domain/password-policy";

// Length over composition (NIST SP 800-63B, BSI IT-Grundschutz ORP.4): the rules live in
// app/domain/password-policy.ts; here only those that need no name or email address.
export const passwordSchema = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** The rule that needs the person: add it to a form that has the name and the email. */
export function refinePasswordFor(
  value: { password: string; email?: string; name?: string },
  ctx: z.RefinementCtx,
) {
  const problem = passwordProblem(value.password, value);
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
}
