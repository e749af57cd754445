"use client";

import { useState } from "react";
import { useForm, useWatch, type FieldPath } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Eye, EyeOff } from "lucide-react";
import type { z } from "zod";
import { Button } from "@/components/button";
import { Field, INPUT_CLASS } from "@/components/field";
import { REGIONS } from "@/lib/destinations/datadog/regions";
import { createDatadogStreamSchema, PII_FIELDS, settingsFormSchema } from "@/lib/streams/schemas";
import { ActionMessage } from "@/components/action-message";
import type { ActionResult } from "@/lib/auth/action-client";
import { CategoryFilter } from "./category-filter";
import { KeyCheckButton } from "./key-check-button";
import { TestEventButton } from "./test-event-button";

type Values = z.input<typeof createDatadogStreamSchema>;
type Pii = NonNullable<Values["pii_config"]>;

const PII_LABELS: Record<(typeof PII_FIELDS)[number], string> = {
  first_name: "First name",
  last_name: "Last name",
  username: "Username",
  email: "Email",
  phone: "Phone",
  address: "Address",
};

export type StreamFormProps =
  | { mode: "create"; defaultValues: Values; onSave: (values: Values) => Promise<ActionResult<unknown>>; onSaved: () => void }
  | {
      mode: "edit";
      streamId: string;
      maskedKey: string;
      defaultValues: Omit<Values, "type" | "startFrom">;
      onSave: (values: Omit<Values, "type" | "startFrom">) => Promise<ActionResult<unknown>>;
      onSaved: () => void;
    };

/** The stream's settings, validated by the same zod schema the API uses (create, or the Settings form's PATCH). */
export function StreamForm(props: StreamFormProps) {
  const isEdit = props.mode === "edit";
  const form = useForm<Values>({
    resolver: zodResolver(isEdit ? settingsFormSchema : createDatadogStreamSchema) as never,
    defaultValues: props.defaultValues as Values,
  });
  const { register, handleSubmit, setValue, control, setError, formState } = form;
  const [isKeyVisible, setKeyVisible] = useState(false);
  const [refusal, setRefusal] = useState<ActionResult<unknown> | null>(null);
  const pii = useWatch({ control, name: "pii_config" }) as Pii | null | undefined;
  const categoryFilters = useWatch({ control, name: "filters" }) as { type: "category"; name: string }[] | undefined;
  const errors = formState.errors;
  const errorAt = (path: string) => path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], errors) as { message?: string } | undefined;

  async function submit(values: Values) {
    const result = await props.onSave(values);
    setRefusal(result.ok ? null : result);
    if (result.ok) return props.onSaved();
    for (const [path, message] of Object.entries(result.fieldErrors)) setError((path || "root") as FieldPath<Values>, { message });
    if (result.code === "conflict") setError("name", { message: "A stream with this name already exists" });
  }

  return (
    <form onSubmit={handleSubmit(submit)} className="space-y-8" noValidate>
      {isEdit && (
        <Field label="Name" htmlFor="name" error={errorAt("name")?.message}>
          <input id="name" {...register("name")} aria-invalid={Boolean(errors.name)} className={INPUT_CLASS} />
        </Field>
      )}
      {!isEdit && errors.name && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Name: {errors.name.message}
        </p>
      )}

      <Field
        label="API Key"
        htmlFor="apiKey"
        error={errorAt("sink.datadogApiKey")?.message}
        hint={isEdit ? `Current key ${props.maskedKey}. Leave blank to keep it.` : "Datadog > Organization Settings > API Keys."}
      >
        <div className="relative">
          <input
            id="apiKey"
            type={isKeyVisible ? "text" : "password"}
            autoComplete="off"
            // The wizard lands here after the name step; Settings opens on the page, not in the form.
            autoFocus={!isEdit}
            placeholder={isEdit ? props.maskedKey : "Your Datadog API key"}
            {...register("sink.datadogApiKey")}
            aria-invalid={Boolean(errorAt("sink.datadogApiKey"))}
            className={`${INPUT_CLASS} pr-10`}
          />
          <button
            type="button"
            onClick={() => setKeyVisible(!isKeyVisible)}
            aria-label={isKeyVisible ? "Hide API key" : "Show API key"}
            className="absolute inset-y-0 right-0 flex items-center px-3 text-gray-600 hover:text-gray-900 dark:text-gray-400 dark:hover:text-gray-100"
          >
            {isKeyVisible ? <EyeOff className="h-4 w-4" /> : <Eye className="h-4 w-4" />}
          </button>
        </div>
        <KeyCheckButton streamId={isEdit ? props.streamId : undefined} getTarget={() => ({ apiKey: form.getValues("sink.datadogApiKey"), region: form.getValues("sink.datadogRegion") })} />
      </Field>

      <Field label="Region" htmlFor="region" error={errorAt("sink.datadogRegion")?.message} hint="If your Datadog URL is app.datadoghq.eu, choose EU1. The site is in your Datadog URL.">
        <select id="region" {...register("sink.datadogRegion")} className={INPUT_CLASS}>
          {REGIONS.map((r) => (
            <option key={r.region} value={r.region}>
              {r.datadogName} — {r.site}
            </option>
          ))}
        </select>
      </Field>

      <Field
        label="Tags (optional)"
        htmlFor="datadogTags"
        error={errorAt("sink.datadogTags")?.message}
        hint="Datadog tags added to every log as ddtags, comma-separated: env:prod,team:iam. Saved lowercased, as Datadog shows them."
      >
        <input id="datadogTags" {...register("sink.datadogTags")} aria-invalid={Boolean(errorAt("sink.datadogTags"))} placeholder="env:prod,team:iam" className={INPUT_CLASS} />
      </Field>

      <CategoryFilter value={categoryFilters ?? []} onChange={(filters) => setValue("filters", filters as Values["filters"], { shouldDirty: true })} />

      <div className="flex items-start gap-3">
        <input id="isPriority" type="checkbox" {...register("isPriority")} aria-describedby="isPriority-hint" className="mt-1 rounded border-gray-300" />
        <div>
          <label htmlFor="isPriority" className="block text-sm font-medium">
            Prioritized logs
          </label>
          <p id="isPriority-hint" className="text-xs text-gray-600 dark:text-gray-400">
            Deliver this stream&apos;s logs ahead of others when a backlog builds up.
          </p>
        </div>
      </div>

      <fieldset className="space-y-3">
        <div className="flex items-start gap-3">
          <input
            id="pii-enabled"
            type="checkbox"
            checked={Boolean(pii)}
            aria-describedby="pii-hint"
            onChange={(e) => setValue("pii_config", e.target.checked ? { log_fields: ["email"], method: "mask", algorithm: "xxhash" } : ((isEdit ? null : undefined) as never), { shouldDirty: true })}
            className="mt-1 rounded border-gray-300"
          />
          <div>
            <label htmlFor="pii-enabled" className="block text-sm font-medium">
              Mask or hash personal data (PII)
            </label>
            <p id="pii-hint" className="text-xs text-gray-600 dark:text-gray-400">
              The chosen fields are masked or replaced by an xxhash64 before leaving this server.
            </p>
          </div>
        </div>
        {pii && (
          <div className="ml-7 space-y-3 rounded-md border border-gray-200 p-4 dark:border-gray-700">
            <div className="flex flex-wrap gap-x-5 gap-y-2">
              {PII_FIELDS.map((field) => (
                <label key={field} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" value={field} {...register("pii_config.log_fields")} className="rounded border-gray-300" />
                  {PII_LABELS[field]}
                </label>
              ))}
            </div>
            {errorAt("pii_config.log_fields") && <p className="text-xs text-red-700 dark:text-red-400">{errorAt("pii_config.log_fields")!.message}</p>}
            <div className="flex gap-5 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" value="mask" {...register("pii_config.method")} /> Mask
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" value="hash" {...register("pii_config.method")} /> Hash (xxhash64)
              </label>
            </div>
          </div>
        )}
      </fieldset>

      {!isEdit && (
        <Field label="Start from (optional)" htmlFor="startFrom" error={errorAt("startFrom")?.message} hint="Send events received since this time. Empty: only events from now on.">
          <input id="startFrom" type="datetime-local" onChange={(e) => setValue("startFrom", e.target.value ? new Date(e.target.value).toISOString() : undefined)} className={INPUT_CLASS} />
        </Field>
      )}

      <div className="flex flex-wrap items-start justify-between gap-4 border-t border-gray-200 pt-6 dark:border-gray-800">
        <TestEventButton streamId={isEdit ? props.streamId : undefined} getTarget={() => ({ apiKey: form.getValues("sink.datadogApiKey"), region: form.getValues("sink.datadogRegion") })} />
        <div className="flex flex-col items-end gap-2">
          <Button type="submit" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? "Saving…" : isEdit ? "Save changes" : "Save"}
          </Button>
          <ActionMessage result={refusal} testId="stream-form-result" />
        </div>
      </div>
    </form>
  );
}
