import type * as z from "zod";

import { readForm } from "~/kit/http/request-body.server";

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

/** Our deepest field name is "lines.3.quantity"; a crafted 30,000-level one overflowed the stack. */
const MAX_DEPTH = 8;

/**
 * Form fields named like react-hook-form's paths ("lines.3.quantity") as nested objects and
 * arrays. Indices are bounded so a crafted name cannot allocate a huge sparse array, and depth
 * so it cannot nest deeper than any of our forms; such fields are dropped.
 */
export function nestFormData(formData: FormData, maxIndex = 10_000): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of formData) {
    if (typeof value !== "string") continue;
    const parts = key.split(".", MAX_DEPTH + 1);
    if (parts.length > MAX_DEPTH) continue;
    if (
      parts.some((p) => p === "" || p === "__proto__" || p === "constructor" || p === "prototype")
    )
      continue;
    let node: Record<string, unknown> | unknown[] = root;
    let valid = true;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      const index = /^\d+$/.test(part) ? Number(part) : null;
      if (index !== null && (!Array.isArray(node) || index > maxIndex)) {
        valid = false;
        break;
      }
      const container = node as Record<string, unknown>;
      const slot = index ?? part;
      if (last) {
        (container as Record<string | number, unknown>)[slot] = value;
      } else {
        const nextIsIndex = /^\d+$/.test(parts[i + 1]!);
        const existing = (container as Record<string | number, unknown>)[slot];
        if (existing === undefined)
          (container as Record<string | number, unknown>)[slot] = nextIsIndex ? [] : {};
        node = (container as Record<string | number, unknown>)[slot] as
          Record<string, unknown> | unknown[];
        if (typeof node !== "object" || node === null) {
          valid = false;
          break;
        }
      }
    }
    if (!valid) continue;
  }
  // Drop holes a client may leave when it removed rows.
  const compact = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.filter((x) => x !== undefined).map(compact)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compact(x)]))
        : v;
  return compact(root) as Record<string, unknown>;
}

/** The form (read with the bounded reader unless the action already read it) checked by `schema`. */
export async function parseFormData<S extends z.ZodType>(
  request: Request,
  schema: S,
  formData?: FormData,
): Promise<{ ok: true; data: z.output<S> } | { ok: false; fieldErrors: FieldErrors }> {
  const raw = nestFormData(formData ?? (await readForm(request)));
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
}
