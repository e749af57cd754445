"use client";

import { useActionState } from "react";
import { ActionMessage } from "@/components/action-message";
import { Button } from "@/components/button";
import { Field, INPUT_CLASS } from "@/components/field";
import type { ActionResult } from "@/lib/auth/action-client";
import { signIn } from "./actions";

export function LoginForm({ next }: { next?: string }) {
  const [state, action, isPending] = useActionState<ActionResult | null, FormData>(signIn, null);
  return (
    <form action={action} className="space-y-5">
      <input type="hidden" name="next" value={next ?? ""} />
      <Field label="Username" htmlFor="username">
        <input
          id="username"
          name="username"
          autoComplete="username"
          defaultValue="admin"
          required
          className={INPUT_CLASS}
        />
      </Field>
      <Field label="Password" htmlFor="password">
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={INPUT_CLASS}
        />
      </Field>
      <ActionMessage result={state} className="rounded-md bg-red-50 px-3 py-2 dark:bg-red-950" />
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
