"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionSuccess, adminAction } from "@/lib/auth/action-client";
import { removeUser, setUserRole } from "@/lib/auth/users";
import { AppError } from "@/lib/errors/app-error";

const userIdSchema = z
  .string({ error: "userId must be a string" })
  .regex(/^usr_[A-Za-z0-9]{1,64}$/, "userId must be a user id (usr_…)");
const roleSchema = z.enum(["admin", "editor", "viewer", "none"], {
  error: "role must be 'admin', 'editor', 'viewer' or 'none'",
});

/** An admin cannot lock themself out by accident: another admin changes their role. */
function refuseOwnAccount(userId: string, signedInId: string) {
  if (userId === signedInId) throw new AppError("conflict", "You cannot change your own access. Ask another admin.");
}

/** Gives a user a role (a removed user gets their access back); it applies from their next request. */
export const setUserRoleAction = adminAction(
  z.strictObject({ userId: userIdSchema, role: roleSchema }),
  async ({ userId, role }, user) => {
    refuseOwnAccount(userId, user.id);
    const changed = await setUserRole(userId, role);
    revalidatePath("/users");
    return new ActionSuccess(null, `${changed.email ?? changed.name ?? changed.id}: the role is now ${role}.`);
  },
);

/** Removes a user: their sessions end now, and signing in again is refused until an admin gives them a role. */
export const removeUserAction = adminAction(z.strictObject({ userId: userIdSchema }), async ({ userId }, user) => {
  refuseOwnAccount(userId, user.id);
  const removed = await removeUser(userId);
  revalidatePath("/users");
  return new ActionSuccess(null, `${removed.email ?? removed.name ?? removed.id} was removed.`);
});
