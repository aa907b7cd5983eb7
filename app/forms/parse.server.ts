import type * as z from "zod";

export type FieldErrors = Record<string, string>;

/** The first German message per field, keyed by its dotted path ("lines.0.quantity"). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    errors[key] ??= issue.message;
  }
  return errors;
}

export async function parseFormData<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ ok: true; data: z.output<S> } | { ok: false; fieldErrors: FieldErrors }> {
  const formData = await request.formData();
  const raw: Record<string, unknown> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string") raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
}
