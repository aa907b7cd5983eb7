import { type ComponentPropsWithoutRef, forwardRef } from "react";

import { passwordMessages } from "~/domain/password-policy";
import { Field } from "~/kit/ui/field";

/**
 * A field for a new password (own change, an admin's reset, a new account): the policy as hint,
 * and `new-password`, so that the browser may offer a generated one.
 */
export const NewPasswordField = forwardRef<
  HTMLInputElement,
  Omit<ComponentPropsWithoutRef<typeof Field>, "type" | "autoComplete" | "hint">
>(function NewPasswordField(props, ref) {
  return (
    <Field
      ref={ref}
      hint={passwordMessages.hint}
      type="password"
      autoComplete="new-password"
      {...props}
    />
  );
});
