"use client";

import { useState } from "react";
import { FormProvider, useForm, type FieldPath } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/button";
import { Field, INPUT_CLASS } from "@/components/field";
import { ActionMessage } from "@/components/action-message";
import type { ActionResult } from "@/lib/auth/action-client";
import type { StreamType } from "@/lib/destinations/sinks";
import { CREATE_SCHEMAS, settingsSchemaFor } from "@/lib/streams/schemas";
import { DatadogFields } from "./datadog-fields";
import { DeliveryOptions } from "./delivery-options";
import { DestinationFields } from "./destination-fields";
import { useFieldError, useStreamForm, type StreamFormValues } from "./stream-form-values";
import { TestEventButton } from "./test-event-button";

export type StreamFormProps = {
  type: StreamType;
  canCheckCredentials: boolean;
  defaultValues: StreamFormValues;
  onSave: (values: StreamFormValues) => Promise<ActionResult<unknown>>;
  onSaved: () => void;
  /** Settings: the stream and its secrets as stored (masked). Without it, the wizard's create form. */
  edit?: { streamId: string; maskedSecrets: Record<string, string> };
};

/** A stream's settings for any type, validated by the same zod schema the API uses (the type's create schema, or the Settings form's PATCH); server errors land on their fields. */
export function StreamForm({ type, canCheckCredentials, defaultValues, onSave, onSaved, edit }: StreamFormProps) {
  const form = useForm<StreamFormValues>({
    resolver: zodResolver((edit ? settingsSchemaFor(type) : CREATE_SCHEMAS[type]) as never) as never,
    defaultValues,
  });
  const [refusal, setRefusal] = useState<ActionResult<unknown> | null>(null);

  async function submit(values: StreamFormValues) {
    const result = await onSave(values);
    setRefusal(result.ok ? null : result);
    if (result.ok) return onSaved();
    for (const [path, message] of Object.entries(result.fieldErrors))
      form.setError((path || "root") as FieldPath<StreamFormValues>, { message });
    if (result.code === "conflict") form.setError("name", { message: "A stream with this name already exists" });
  }

  return (
    <FormProvider {...form}>
      <form onSubmit={form.handleSubmit(submit)} className="space-y-8" noValidate>
        <NameField isEdit={Boolean(edit)} />
        {type === "datadog" ? (
          <DatadogFields streamId={edit?.streamId} maskedKey={edit?.maskedSecrets.datadogApiKey} />
        ) : (
          <DestinationFields
            type={type}
            streamId={edit?.streamId}
            maskedSecrets={edit?.maskedSecrets}
            canCheckCredentials={canCheckCredentials}
          />
        )}
        <DeliveryOptions isEdit={Boolean(edit)} />
        {!edit && <StartFromField />}
        <div className="flex flex-wrap items-start justify-between gap-4 border-t border-gray-200 pt-6 dark:border-gray-800">
          <TestEventButton type={type} streamId={edit?.streamId} getSink={() => form.getValues("sink")} />
          <div className="flex flex-col items-end gap-2">
            <Button type="submit" disabled={form.formState.isSubmitting}>
              {form.formState.isSubmitting ? "Saving…" : edit ? "Save changes" : "Save"}
            </Button>
            <ActionMessage result={refusal} testId="stream-form-result" />
          </div>
        </div>
      </form>
    </FormProvider>
  );
}

/** Settings edits the name here; the wizard chose it on its name step, so only an error about it shows. */
function NameField({ isEdit }: { isEdit: boolean }) {
  const { register } = useStreamForm();
  const error = useFieldError("name");
  if (isEdit) {
    return (
      <Field label="Name" htmlFor="name" error={error}>
        <input id="name" {...register("name")} aria-invalid={Boolean(error)} className={INPUT_CLASS} />
      </Field>
    );
  }
  if (!error) return null;
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      Name: {error}
    </p>
  );
}

function StartFromField() {
  const { setValue } = useStreamForm();
  return (
    <Field
      label="Start from (optional)"
      htmlFor="startFrom"
      error={useFieldError("startFrom")}
      hint="Send events received since this time. Empty: only events from now on."
    >
      <input
        id="startFrom"
        type="datetime-local"
        onChange={(e) => setValue("startFrom", e.target.value ? new Date(e.target.value).toISOString() : undefined)}
        className={INPUT_CLASS}
      />
    </Field>
  );
}
