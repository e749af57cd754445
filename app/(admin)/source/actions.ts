"use server";

import { revalidatePath } from "next/cache";
import {
  credentialsToTest,
  readSourceSettings,
  saveSourceSettings,
  sourceFormSchema,
} from "@/lib/sources/auth0/settings";
import { testConnection } from "@/lib/sources/auth0/test-connection";
import { ActionSuccess, adminAction } from "@/lib/auth/action-client";
import { AppError } from "@/lib/errors/app-error";

const ENV_WINS =
  "AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are set on the server: they win over the dashboard. Change them there.";

/** Saves the tenant to pull from (all fields empty stops pulling); a blank secret keeps the stored one. */
export const saveSourceAction = adminAction(sourceFormSchema, async (form) => {
  if ((await readSourceSettings()).origin === "env") throw new AppError("conflict", ENV_WINS);
  const result = await saveSourceSettings(form);
  revalidatePath("/source");
  return new ActionSuccess(
    null,
    result === "removed" ? "Removed: logs are no longer pulled." : "Saved. Logs are pulled from this tenant.",
  );
});

/** Tries the typed values (blank ones: those saved; the AUTH0_* variables alone when set) against the tenant without saving them. */
export const testConnectionAction = adminAction(sourceFormSchema, async (form) => {
  const credentials = await credentialsToTest(form);
  if (typeof credentials === "string") throw new AppError("invalid_body", credentials);
  const answer = await testConnection(credentials);
  if (!answer.ok) throw new AppError("service_unavailable", answer.message);
  return new ActionSuccess(null, answer.message);
});
