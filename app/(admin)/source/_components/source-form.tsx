"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { PlugZap } from "lucide-react";
import { ActionMessage } from "@/components/action-message";
import { Button } from "@/components/button";
import { Field, INPUT_CLASS } from "@/components/field";
import type { ActionResult } from "@/lib/auth/action-client";
import { saveSourceAction, testConnectionAction } from "../actions";

type Props = { isFromEnv: boolean; domain: string | null; clientId: string | null; hasClientSecret: boolean };

/** The tenant's settings. The client secret is write-only: the page knows only whether one is stored. */
export function SourceForm({ isFromEnv, domain, clientId, hasClientSecret }: Props) {
  const router = useRouter();
  const [form, setForm] = useState({ domain: domain ?? "", clientId: clientId ?? "", clientSecret: "" });
  const [result, setResult] = useState<ActionResult | null>(null);
  const [isPending, startTransition] = useTransition();
  const run = (action: () => Promise<ActionResult>, thenRefresh = false) =>
    startTransition(async () => {
      const answer = await action();
      setResult(answer);
      if (answer.ok && thenRefresh) {
        setForm((current) => ({ ...current, clientSecret: "" }));
        router.refresh();
      }
    });
  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) =>
      setForm((current) => ({ ...current, [name]: event.target.value })),
  });

  return (
    <div className="space-y-4">
      {isFromEnv ? (
        <EnvSourceSettings domain={domain} clientId={clientId} />
      ) : (
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            run(() => saveSourceAction(form), true);
          }}
        >
          <Field
            label="Domain"
            htmlFor="source-domain"
            hint="Your tenant's domain, e.g. acme.us.auth0.com (or its custom domain)."
          >
            <input
              id="source-domain"
              type="text"
              autoComplete="off"
              className={INPUT_CLASS}
              placeholder="acme.us.auth0.com"
              {...field("domain")}
            />
          </Field>
          <Field
            label="Client ID"
            htmlFor="source-client-id"
            hint="Of a Machine to Machine application authorized for the Auth0 Management API with read:logs."
          >
            <input
              id="source-client-id"
              type="text"
              autoComplete="off"
              className={INPUT_CLASS}
              {...field("clientId")}
            />
          </Field>
          <Field
            label="Client secret"
            htmlFor="source-client-secret"
            hint={
              hasClientSecret
                ? "A secret is stored (never shown). Leave empty to keep it."
                : "Stored encrypted; never shown again."
            }
          >
            <input
              id="source-client-secret"
              type="password"
              autoComplete="new-password"
              className={INPUT_CLASS}
              placeholder={hasClientSecret ? "••••••••" : ""}
              {...field("clientSecret")}
            />
          </Field>
          <p className="text-xs text-gray-600 dark:text-gray-400">Empty every field and save to stop pulling.</p>
          <Button type="submit" disabled={isPending}>
            Save
          </Button>
        </form>
      )}
      <Button
        variant="secondary"
        disabled={isPending}
        onClick={() =>
          run(() => testConnectionAction(isFromEnv ? { domain: "", clientId: "", clientSecret: "" } : form))
        }
      >
        <PlugZap className="h-4 w-4" /> Test connection
      </Button>
      <ActionMessage result={result} testId="source-result" />
    </div>
  );
}

/** Settings that come from the environment: shown, not edited (the secret only as "set"). */
function EnvSourceSettings({ domain, clientId }: Pick<Props, "domain" | "clientId">) {
  return (
    <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm" data-testid="source-env">
      <dt className="text-gray-600 dark:text-gray-400">Domain</dt>
      <dd>{domain}</dd>
      <dt className="text-gray-600 dark:text-gray-400">Client ID</dt>
      <dd>{clientId}</dd>
      <dt className="text-gray-600 dark:text-gray-400">Client secret</dt>
      <dd>set</dd>
      <dd className="col-span-2 text-gray-700 dark:text-gray-300">
        Set by AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET on the server; change them there.
      </dd>
    </dl>
  );
}
