import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import { type FormEvent } from "react";
import { type FieldValues, type Resolver, useForm } from "react-hook-form";
import type * as z from "zod";

/**
 * react-hook-form with the form's zod schema, on a real <Form method="post">: without
 * JavaScript the browser posts and the action validates; with it, the same schema checks first
 * and Remix submits the form element. Server errors (`serverErrors`) show like client ones.
 */
export function useValidatedForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  {
    serverErrors,
    defaultValues,
  }: { serverErrors?: Record<string, string>; defaultValues?: Partial<z.input<S>> } = {},
) {
  const submit = useSubmit();
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema as never) as unknown as Resolver<z.input<S>, unknown, z.output<S>>,
    mode: "onTouched",
    defaultValues: defaultValues as never,
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void form.handleSubmit(() => submit(submitter ?? element, { method: "post" }))(event);
  };
  const errorOf = (name: string): string | undefined => {
    const parts = name.split(".");
    let node: unknown = form.formState.errors;
    for (const part of parts) node = (node as Record<string, unknown> | undefined)?.[part];
    const clientMessage = (node as { message?: string } | undefined)?.message;
    return clientMessage ?? serverErrors?.[name];
  };
  // register() alone renders no value on the server: without JavaScript the browser would show
  // (and post) empty fields. field() adds the default as the input's defaultValue.
  const field = (name: string) => {
    let value: unknown = defaultValues;
    for (const part of name.split("."))
      value = (value as Record<string, unknown> | undefined)?.[part];
    const registered = form.register(name as never);
    // No default: leave the key out, so that a defaultValue the caller set stays.
    return value === undefined || value === null
      ? registered
      : { ...registered, defaultValue: String(value) };
  };
  /** All a kit field (Field, TextAreaField, SelectField) needs of one form value: field() and its error. */
  const bind = (name: string) => ({ ...field(name), error: errorOf(name) });
  return { ...form, onSubmit, errorOf, field, bind };
}
