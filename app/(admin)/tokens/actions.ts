"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentActor } from "@/lib/audit/actor";
import { ActionSuccess, adminAction } from "@/lib/auth/action-client";
import { createApiToken, createApiTokenSchema, revokeApiToken } from "@/lib/auth/api-tokens";

/** Who creates a token: the signed-in user the action runs as; "admin" (the password account) while actions run as nobody in particular. */
function creatorName(): string {
  const actor = currentActor();
  return actor.kind === "user" ? actor.name : "admin";
}

/** Creates a token and answers its secret: the only time it leaves the server. */
export const createApiTokenAction = adminAction(createApiTokenSchema, async (input) => {
  const { token, secret } = await createApiToken(input, creatorName());
  revalidatePath("/tokens");
  return new ActionSuccess({ name: token.name, secret }, `Token '${token.name}' created.`);
});

export const revokeApiTokenAction = adminAction(z.strictObject({ id: z.string().min(1).max(100) }), async ({ id }) => {
  const name = await revokeApiToken(id);
  revalidatePath("/tokens");
  return new ActionSuccess(null, `Token '${name}' revoked: it is refused from now on.`);
});
