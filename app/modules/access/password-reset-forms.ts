import * as z from "zod";

import { passwordSchema } from "./password-forms";

export const passwordResetSchema = z.object({ password: passwordSchema });

export type PasswordResetForm = z.infer<typeof passwordResetSchema>;
