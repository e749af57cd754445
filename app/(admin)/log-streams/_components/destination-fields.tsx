"use client";

import type { ComponentProps } from "react";
import { Field, INPUT_CLASS } from "@/components/field";
import type { FormField } from "@/lib/destinations/destination";
import { isOptionalSinkField, SINKS, type StreamType } from "@/lib/destinations/sinks";
import { CredentialsCheckButton } from "./credentials-check-button";
import { HeadersField } from "./headers-field";
import { SecretInput } from "./secret-input";
import { useFieldError, useStreamForm } from "./stream-form-values";

export type DestinationFieldsProps = {
  type: StreamType;
  /** Settings: the stream, and its secrets as stored (masked); a blank secret field keeps the stored secret. */
  streamId?: string;
  maskedSecrets?: Record<string, string>;
  /** Whether the destination has a credentials check (Destination.checkCredentials): a Check button below the secret. */
  canCheckCredentials: boolean;
};

/** A destination's sink fields (SinkSpec.formFields), rendered by kind: the wizard's settings step and Settings. */
export function DestinationFields({ type, streamId, maskedSecrets, canCheckCredentials }: DestinationFieldsProps) {
  const { getValues } = useStreamForm();
  return (
    <>
      {SINKS[type].formFields.map((field, index) => (
        <div key={field.name} className="space-y-2">
          <DestinationField
            type={type}
            field={field}
            autoFocus={index === 0 && !streamId}
            maskedSecret={maskedSecrets?.[field.name]}
            isEdit={maskedSecrets !== undefined}
          />
          {field.kind === "secret" && canCheckCredentials && (
            <CredentialsCheckButton type={type} streamId={streamId} getSink={() => getValues("sink")} />
          )}
        </div>
      ))}
    </>
  );
}

type FieldProps = { type: StreamType; field: FormField; autoFocus: boolean; maskedSecret?: string; isEdit: boolean };

function secretHint({ field, maskedSecret, isEdit }: FieldProps): string | undefined {
  if (!isEdit) return field.help;
  return maskedSecret ? `Current ${maskedSecret}. Leave blank to keep it.` : `None set. ${field.help ?? ""}`.trim();
}

/** A stored secret the sink can do without (a webhook's Authorization) can be removed in Settings: the field is then null. */
function SecretField(props: FieldProps & { common: ComponentProps<"input"> & { id: string }; error?: string }) {
  const { type, field, maskedSecret, isEdit, common, error } = props;
  const { setValue, watch } = useStreamForm();
  const path = `sink.${field.name}` as const;
  const isRemoved = watch(path) === null;
  const canRemove = isEdit && maskedSecret !== undefined && isOptionalSinkField(type, field.name);
  return (
    <Field
      label={field.label}
      htmlFor={common.id}
      error={error}
      hint={isRemoved ? "Removed when you save." : secretHint(props)}
    >
      <SecretInput
        {...common}
        disabled={isRemoved}
        secretLabel={field.label}
        placeholder={maskedSecret ?? field.placeholder}
      />
      {canRemove && (
        <label className="mt-2 flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={isRemoved}
            onChange={(event) => setValue(path, event.target.checked ? null : "", { shouldDirty: true })}
            className="rounded border-gray-300"
          />
          Remove the saved {field.label.toLowerCase()}
        </label>
      )}
    </Field>
  );
}

function DestinationField(props: FieldProps) {
  const { field, autoFocus } = props;
  const { register } = useStreamForm();
  const path = `sink.${field.name}` as const;
  const error = useFieldError(path);
  const id = `sink-${field.name}`;
  const common = { id, autoFocus, "aria-invalid": Boolean(error), ...register(path) };
  switch (field.kind) {
    case "headers":
      return <HeadersField name={field.name} label={field.label} help={field.help} />;
    case "boolean":
      return (
        <div className="flex items-start gap-3">
          <input
            type="checkbox"
            {...common}
            aria-describedby={field.help ? `${id}-hint` : undefined}
            className="mt-1 rounded border-gray-300"
          />
          <div>
            <label htmlFor={id} className="block text-sm font-medium">
              {field.label}
            </label>
            {field.help && (
              <p id={`${id}-hint`} className="text-xs text-gray-600 dark:text-gray-400">
                {field.help}
              </p>
            )}
            {error && <p className="text-xs text-red-700 dark:text-red-400">{error}</p>}
          </div>
        </div>
      );
    case "select":
      return (
        <Field label={field.label} htmlFor={id} error={error} hint={field.help}>
          <select {...common} className={INPUT_CLASS}>
            {field.options?.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </Field>
      );
    case "secret":
      return <SecretField {...props} common={common} error={error} />;
    case "text":
      return (
        <Field label={field.label} htmlFor={id} error={error} hint={field.help}>
          <input {...common} placeholder={field.placeholder} className={INPUT_CLASS} />
        </Field>
      );
  }
}
