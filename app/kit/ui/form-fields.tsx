import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";

import {
  Field,
  SelectField,
  type SelectOption,
  type SelectOptionGroup,
  TextAreaField,
} from "./field";
import { type useValidatedForm } from "./use-validated-form";

type Own<T> = Omit<T, "id" | "name" | "defaultValue">;

/**
 * One field of a form as data: the form value's `name`, its German label, and the attributes of
 * its control. `as` picks the control (an input unless said); the id is the name unless given.
 */
export type FieldSpec = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  optional?: boolean;
  id?: string;
} & (
  | ({ as?: "input" } & Own<InputHTMLAttributes<HTMLInputElement>>)
  | ({ as: "textarea" } & Own<TextareaHTMLAttributes<HTMLTextAreaElement>>)
  | ({
      as: "select";
      options: readonly (SelectOption | SelectOptionGroup)[];
    } & Own<SelectHTMLAttributes<HTMLSelectElement>>)
);

/**
 * A run of kit fields bound to a `useValidatedForm`: each gets its value, error and ids from the
 * form. `idPrefix` keeps ids unique where two forms share a page ("cost" → "cost-amount");
 * `values` are initial values the server rendered (a refused entry), for forms without defaults.
 */
export function FormFields({
  form,
  fields,
  idPrefix,
  values,
}: {
  form: Pick<ReturnType<typeof useValidatedForm>, "bind">;
  fields: readonly FieldSpec[];
  idPrefix?: string;
  values?: Readonly<Record<string, string | undefined>>;
}) {
  return fields.map((spec) => {
    const { name, id, ...control } = spec;
    const bound = {
      id: id ?? (idPrefix ? `${idPrefix}-${name}` : name),
      defaultValue: values?.[name],
      ...form.bind(name),
    };
    if (control.as === "select") {
      const { as: _select, ...select } = control;
      return <SelectField key={name} {...select} {...bound} />;
    }
    if (control.as === "textarea") {
      const { as: _textarea, ...textarea } = control;
      return <TextAreaField key={name} {...textarea} {...bound} />;
    }
    const { as: _input, ...input } = control;
    return <Field key={name} {...input} {...bound} />;
  });
}
