import { z } from "zod";

/** A sink's URL field (browser-safe): a string, trimmed, at most 2000 characters, refused with `problemOf`'s words when it gives any. */
export function urlFieldSchema(field: string, problemOf: (value: string) => string | null) {
  return z
    .string({ error: `${field} must be a string` })
    .trim()
    .max(2000, `${field} must be at most 2000 characters`)
    .superRefine((value, ctx) => {
      const problem = problemOf(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}
