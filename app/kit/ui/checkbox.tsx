import { type InputHTMLAttributes, type ReactNode } from "react";

/**
 * One KERN checkbox with its label. Further input attributes (`defaultChecked`, `disabled`,
 * `data-*`) pass through to the `<input>`.
 */
export function Checkbox({
  id,
  label,
  ...input
}: { id: string; label: ReactNode } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id" | "type" | "className"
>) {
  return (
    <div className="kern-form-check">
      <input className="kern-form-check__checkbox" type="checkbox" id={id} {...input} />
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
    </div>
  );
}
