"use client";

import { useRef } from "react";
import { useFieldArray } from "react-hook-form";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/button";
import { INPUT_CLASS } from "@/components/field";
import { useFieldError, useStreamForm } from "./stream-form-values";

type HeaderRow = { header: string; value: string };

/** A row's two inputs: the header's name and its value. */
const HEADER_ROW_INPUTS = [
  { part: "header", label: "Header name", placeholder: "X-Tenant" },
  { part: "value", label: "Header value", placeholder: "value" },
] as const;

/** A `headers` form field: a list of {header, value} rows to add and remove; Add header focuses the new row's name, Remove gives the focus to Add header. */
export function HeadersField({ name, label, help }: { name: string; label: string; help?: string }) {
  const { control, register } = useStreamForm();
  const { fields, append, remove } = useFieldArray({ control: control as never, name: `sink.${name}` as never });
  const arrayError = useFieldError(`sink.${name}`);
  const rootError = useFieldError(`sink.${name}.root`);
  const listError = arrayError ?? rootError;
  const addButton = useRef<HTMLButtonElement>(null);
  function removeRow(index: number) {
    remove(index);
    addButton.current?.focus();
  }
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-gray-800 dark:text-gray-200">{label}</legend>
      {help && <p className="text-xs text-gray-600 dark:text-gray-400">{help}</p>}
      <ul className="space-y-2" aria-label={label}>
        {fields.map((row, index) => (
          <HeaderRowInputs
            key={row.id}
            path={`sink.${name}.${index}`}
            index={index}
            register={register}
            onRemove={() => removeRow(index)}
          />
        ))}
      </ul>
      {fields.length === 0 && <p className="text-xs text-gray-600 dark:text-gray-400">No custom headers.</p>}
      {listError && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {listError}
        </p>
      )}
      <Button
        ref={addButton}
        variant="secondary"
        onClick={() => append({ header: "", value: "" } satisfies HeaderRow as never)}
      >
        <Plus className="h-4 w-4" /> Add header
      </Button>
    </fieldset>
  );
}

function HeaderRowInputs({
  path,
  index,
  register,
  onRemove,
}: {
  path: string;
  index: number;
  register: ReturnType<typeof useStreamForm>["register"];
  onRemove: () => void;
}) {
  const errors = { header: useFieldError(`${path}.header`), value: useFieldError(`${path}.value`) };
  const error = errors.header ?? errors.value;
  return (
    <li className="space-y-1">
      <div className="flex items-center gap-2">
        {HEADER_ROW_INPUTS.map(({ part, label, placeholder }) => (
          <input
            key={part}
            aria-label={`${label} ${index + 1}`}
            placeholder={placeholder}
            {...register(`${path}.${part}` as never)}
            aria-invalid={Boolean(errors[part])}
            className={INPUT_CLASS}
          />
        ))}
        <Button variant="ghost" onClick={onRemove} aria-label={`Remove header ${index + 1}`} className="px-2">
          <X className="h-4 w-4" />
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </li>
  );
}
