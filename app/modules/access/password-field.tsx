import { forwardRef, type InputHTMLAttributes, type ReactNode } from "react";

import { passwordMessages } from "~/domain/password-policy";
import { Field } from "~/kit/ui/field";

type Props = {
  /**
   * "current": the password one has (to sign in, to confirm a change); "new": a new one, with the
   * policy as hint and `new-password`, so that the browser may offer a generated one; "repeat":
   * the new one again.
   */
  purpose: "current" | "new" | "repeat";
  label: ReactNode;
  error?: string;
  /** the form value's name; also the id unless `id` is given */
  name: string;
  id?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "autoComplete" | "id" | "name">;

/** A password field: login, own change, an admin's reset, a new account. Always required. */
export const PasswordField = forwardRef<HTMLInputElement, Props>(function PasswordField(
  { purpose, ...props },
  ref,
) {
  return (
    <Field
      ref={ref}
      hint={purpose === "new" ? passwordMessages.hint : undefined}
      type="password"
      autoComplete={purpose === "current" ? "current-password" : "new-password"}
      required
      {...props}
    />
  );
});
