"use server";

import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import { readSourceSettings, saveSourceSettings, sourceFormSchema } from "@/lib/sources/auth0/settings";
import { testSourceConnection } from "@/lib/sources/auth0/test-connection";
import { requireAdmin } from "@/lib/auth/session";

export type SourceActionResult = { ok: boolean; message: string };

const ENV_WINS = "AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are set on the server: they win over the dashboard. Change them there.";

const firstIssue = (error: ZodError) => error.issues.map((issue) => issue.message).join(". ");

/** Saves the tenant to pull from (all fields empty stops pulling); a blank secret keeps the stored one. */
export async function saveSourceAction(form: unknown): Promise<SourceActionResult> {
  await requireAdmin();
  if ((await readSourceSettings()).origin === "env") return { ok: false, message: ENV_WINS };
  try {
    const result = await saveSourceSettings(form);
    revalidatePath("/source");
    return { ok: true, message: result === "removed" ? "Removed: logs are no longer pulled." : "Saved. Logs are pulled from this tenant." };
  } catch (error) {
    if (error instanceof ZodError) return { ok: false, message: firstIssue(error) };
    throw error;
  }
}

/** Tries the typed values (blank ones: those saved; the AUTH0_* variables alone when set) against the tenant without saving them. */
export async function testConnectionAction(form: unknown): Promise<SourceActionResult> {
  await requireAdmin();
  const parsed = sourceFormSchema.safeParse(form);
  if (!parsed.success) return { ok: false, message: firstIssue(parsed.error) };
  return testSourceConnection(parsed.data);
}
