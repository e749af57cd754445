"use client";

import { useWatch } from "react-hook-form";
import { PII_FIELDS } from "@/lib/streams/schemas";
import { CategoryFilter } from "./category-filter";
import { useFieldError, useStreamForm, type StreamFormValues } from "./stream-form-values";

const PII_LABELS: Record<(typeof PII_FIELDS)[number], string> = {
  first_name: "First name",
  last_name: "Last name",
  username: "Username",
  email: "Email",
  phone: "Phone",
  address: "Address",
};

/** What a stream of any type sends: its event categories, its priority and its PII rule. `isEdit`: turning PII off sends null (a PATCH removes it). */
export function DeliveryOptions({ isEdit }: { isEdit: boolean }) {
  const { register, setValue, control } = useStreamForm();
  const categoryFilters = useWatch({ control, name: "filters" }) as { type: "category"; name: string }[] | undefined;
  return (
    <>
      <CategoryFilter
        value={categoryFilters ?? []}
        onChange={(filters) => setValue("filters", filters as StreamFormValues["filters"], { shouldDirty: true })}
      />

      <div className="flex items-start gap-3">
        <input
          id="isPriority"
          type="checkbox"
          {...register("isPriority")}
          aria-describedby="isPriority-hint"
          className="mt-1 rounded border-gray-300"
        />
        <div>
          <label htmlFor="isPriority" className="block text-sm font-medium">
            Prioritized logs
          </label>
          <p id="isPriority-hint" className="text-xs text-gray-600 dark:text-gray-400">
            Deliver this stream&apos;s logs ahead of others when a backlog builds up.
          </p>
        </div>
      </div>

      <PiiOptions isEdit={isEdit} />
    </>
  );
}

function PiiOptions({ isEdit }: { isEdit: boolean }) {
  const { register, setValue, control } = useStreamForm();
  const pii = useWatch({ control, name: "pii_config" });
  const fieldsError = useFieldError("pii_config.log_fields");
  return (
    <fieldset className="space-y-3">
      <div className="flex items-start gap-3">
        <input
          id="pii-enabled"
          type="checkbox"
          checked={Boolean(pii)}
          aria-describedby="pii-hint"
          onChange={(e) =>
            setValue(
              "pii_config",
              e.target.checked
                ? { log_fields: ["email"], method: "mask", algorithm: "xxhash" }
                : isEdit
                  ? null
                  : undefined,
              { shouldDirty: true },
            )
          }
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
                <input
                  type="checkbox"
                  value={field}
                  {...register("pii_config.log_fields")}
                  className="rounded border-gray-300"
                />
                {PII_LABELS[field]}
              </label>
            ))}
          </div>
          {fieldsError && <p className="text-xs text-red-700 dark:text-red-400">{fieldsError}</p>}
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
  );
}
