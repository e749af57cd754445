"use client";

import { useState, useTransition, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { ActionMessage } from "@/components/action-message";
import { Button } from "@/components/button";
import { INPUT_CLASS } from "@/components/field";
import type { ActionResult } from "@/lib/auth/action-client";
import { removeUserAction, setUserRoleAction } from "../actions";

type Role = "admin" | "editor" | "viewer" | "none";
type RowUser = { id: string; label: string; detail: string; role: string; isRemoved: boolean };

const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  editor: "Editor",
  viewer: "Viewer",
  none: "No role (ask an admin)",
};

/** One user: the role to change, Remove; the break-glass account and your own are shown, not changed. */
export function UserRow({ user, isLocked, lastSignIn }: { user: RowUser; isLocked: boolean; lastSignIn: ReactNode }) {
  const router = useRouter();
  const [result, setResult] = useState<ActionResult | null>(null);
  const [isPending, startTransition] = useTransition();
  const run = (action: () => Promise<ActionResult>) =>
    startTransition(async () => {
      const answer = await action();
      setResult(answer);
      if (answer.ok) router.refresh();
    });
  const selectId = `role-${user.id}`;

  return (
    <tr data-testid="user-row">
      <td className="py-3 pr-4">
        <div className="font-medium">{user.label}</div>
        <div className="text-xs text-gray-600 dark:text-gray-400">
          {user.detail}
          {user.isRemoved && " · removed"}
        </div>
        <ActionMessage result={result} className="mt-1" />
      </td>
      <td className="py-3 pr-4">
        {isLocked ? (
          <span>{ROLE_LABELS[user.role as Role] ?? user.role}</span>
        ) : (
          <>
            <label htmlFor={selectId} className="sr-only">
              Role of {user.label}
            </label>
            <select
              id={selectId}
              className={INPUT_CLASS}
              value={user.isRemoved ? "" : user.role}
              disabled={isPending}
              onChange={(event) => run(() => setUserRoleAction({ userId: user.id, role: event.target.value as Role }))}
            >
              {user.isRemoved && <option value="">Removed: give a role to restore</option>}
              {(Object.keys(ROLE_LABELS) as Role[]).map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          </>
        )}
      </td>
      <td className="py-3 pr-4 text-gray-700 dark:text-gray-300">{lastSignIn}</td>
      <td className="py-3 text-right">
        {!isLocked && !user.isRemoved && (
          <Button
            variant="secondary"
            disabled={isPending}
            onClick={() => run(() => removeUserAction({ userId: user.id }))}
            aria-label={`Remove ${user.label}`}
          >
            Remove
          </Button>
        )}
      </td>
    </tr>
  );
}
