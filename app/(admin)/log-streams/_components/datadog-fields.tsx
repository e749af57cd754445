"use client";

import { Field, INPUT_CLASS } from "@/components/field";
import { REGIONS } from "@/lib/destinations/datadog/regions";
import { CredentialsCheckButton } from "./credentials-check-button";
import { SecretInput } from "./secret-input";
import { useFieldError, useStreamForm } from "./stream-form-values";

/** A Datadog stream's sink: API key (with Check key), region by Datadog's names and sites, tags. `maskedKey`: the stored key, masked (Settings). */
export function DatadogFields({ streamId, maskedKey }: { streamId?: string; maskedKey?: string }) {
  const { register, getValues } = useStreamForm();
  const isEdit = maskedKey !== undefined;
  const keyError = useFieldError("sink.datadogApiKey");
  const regionError = useFieldError("sink.datadogRegion");
  const tagsError = useFieldError("sink.datadogTags");
  return (
    <>
      <Field
        label="API Key"
        htmlFor="apiKey"
        error={keyError}
        hint={
          isEdit ? `Current key ${maskedKey}. Leave blank to keep it.` : "Datadog > Organization Settings > API Keys."
        }
      >
        <SecretInput
          id="apiKey"
          secretLabel="API key"
          // The wizard lands here after the name step; Settings opens on the page, not in the form.
          autoFocus={!isEdit}
          placeholder={isEdit ? maskedKey : "Your Datadog API key"}
          {...register("sink.datadogApiKey")}
          aria-invalid={Boolean(keyError)}
        />
        <CredentialsCheckButton type="datadog" streamId={streamId} getSink={() => getValues("sink")} />
      </Field>

      <Field
        label="Region"
        htmlFor="region"
        error={regionError}
        hint="If your Datadog URL is app.datadoghq.eu, choose EU1. The site is in your Datadog URL."
      >
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
        error={tagsError}
        hint="Datadog tags added to every log as ddtags, comma-separated: env:prod,team:iam. Saved lowercased, as Datadog shows them."
      >
        <input
          id="datadogTags"
          {...register("sink.datadogTags")}
          aria-invalid={Boolean(tagsError)}
          placeholder="env:prod,team:iam"
          className={INPUT_CLASS}
        />
      </Field>
    </>
  );
}
