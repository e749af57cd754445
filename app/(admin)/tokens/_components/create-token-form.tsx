"use client";

import { useState, useTransition } from "react";
import { Copy } from "lucide-react";
import { ActionMessage } from "@/components/action-message";
import { Button } from "@/components/button";
import { Field, INPUT_CLASS } from "@/components/field";
import type { ActionResult } from "@/lib/auth/action-client";
import { SCOPE_DESCRIPTIONS, SCOPE_NAMES, type Scope } from "@/lib/auth/scopes";
import { createApiTokenAction } from "../actions";

/** The expiries offered (lib/auth/api-tokens.ts EXPIRY_DAYS accepts these); null: never. */
const EXPIRY_CHOICES = [
  { days: 30, label: "In 30 days" },
  { days: 90, label: "In 90 days" },
  { days: 365, label: "In a year" },
  { days: 7, label: "In 7 days" },
  { days: null, label: "Never" },
] as const;
type ExpiryDays = (typeof EXPIRY_CHOICES)[number]["days"];

type Created = { name: string; secret: string };

export function CreateTokenForm() {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [expiresInDays, setExpiresInDays] = useState<ExpiryDays>(30);
  const [result, setResult] = useState<ActionResult<Created> | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [isPending, startTransition] = useTransition();
  const fieldErrors = result && !result.ok ? result.fieldErrors : {};

  const toggle = (scope: Scope, isChecked: boolean) =>
    setScopes((current) => (isChecked ? [...current, scope] : current.filter((s) => s !== scope)));

  return (
    <div className="space-y-4">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          startTransition(async () => {
            const answer = await createApiTokenAction({ name, scopes, expiresInDays });
            setResult(answer);
            setCreated(answer.ok ? answer.data : null);
            if (answer.ok) {
              setName("");
              setScopes([]);
            }
          });
        }}
      >
        <Field
          label="Name"
          htmlFor="token-name"
          hint="Who or what uses it, e.g. “Terraform” or “CI”. It names the token in the audit log."
          error={fieldErrors.name}
        >
          <input
            id="token-name"
            type="text"
            autoComplete="off"
            className={INPUT_CLASS}
            value={name}
            maxLength={100}
            aria-invalid={fieldErrors.name ? true : undefined}
            aria-describedby={fieldErrors.name ? "token-name-error" : undefined}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <ScopesFieldset scopes={scopes} onToggle={toggle} error={fieldErrors.scopes} />
        <Field label="Expires" htmlFor="token-expiry">
          <select
            id="token-expiry"
            className={INPUT_CLASS}
            value={String(expiresInDays)}
            onChange={(event) =>
              setExpiresInDays(EXPIRY_CHOICES.find((choice) => String(choice.days) === event.target.value)!.days)
            }
          >
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.label} value={String(choice.days)}>
                {choice.label}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" disabled={isPending}>
          Create token
        </Button>
      </form>
      <ActionMessage result={result} testId="create-token-result" />
      {created && <CreatedTokenNotice key={created.secret} created={created} onDone={() => setCreated(null)} />}
    </div>
  );
}

function ScopesFieldset({
  scopes,
  onToggle,
  error,
}: {
  scopes: Scope[];
  onToggle: (scope: Scope, isChecked: boolean) => void;
  error: string | undefined;
}) {
  return (
    <fieldset className="space-y-2" aria-describedby={error ? "token-scopes-error" : undefined}>
      <legend className="text-sm font-medium text-gray-800 dark:text-gray-200">Scopes</legend>
      {SCOPE_NAMES.map((scope) => (
        <label key={scope} className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5"
            checked={scopes.includes(scope)}
            onChange={(event) => onToggle(scope, event.target.checked)}
          />
          <span>
            <code className="text-gray-900 dark:text-gray-100">{scope}</code>{" "}
            <span className="text-gray-600 dark:text-gray-400">— {SCOPE_DESCRIPTIONS[scope]}</span>
          </span>
        </label>
      ))}
      {error && (
        <p role="alert" id="token-scopes-error" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** The new token's secret, shown once, with a copy button. */
function CreatedTokenNotice({ created, onDone }: { created: Created; onDone: () => void }) {
  const [isCopied, setIsCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 dark:border-amber-700 dark:bg-amber-950">
      <Field
        label={`The token '${created.name}'`}
        htmlFor="new-token-secret"
        hint="Copy it now: it is not shown again. Send it as Authorization: Bearer <token>."
      >
        <div className="flex gap-2">
          <input
            id="new-token-secret"
            readOnly
            className={`${INPUT_CLASS} font-mono`}
            value={created.secret}
            onFocus={(event) => event.target.select()}
          />
          <Button
            variant="secondary"
            onClick={async () => {
              await navigator.clipboard.writeText(created.secret);
              setIsCopied(true);
            }}
          >
            <Copy className="h-4 w-4" aria-hidden="true" /> Copy
          </Button>
        </div>
      </Field>
      {isCopied && (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          Copied to the clipboard.
        </p>
      )}
      <Button variant="ghost" onClick={onDone}>
        Done
      </Button>
    </div>
  );
}
