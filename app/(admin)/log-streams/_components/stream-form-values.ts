"use client";

import { useFormContext } from "react-hook-form";
import type { z } from "zod";
import { SINKS, type StreamType } from "@/lib/destinations/sinks";
import type { CREATE_SCHEMAS } from "@/lib/streams/schemas";

/** The values of the stream form (wizard and Settings): the stream's fields and a sink of any type, by Auth0's field names. */
export type StreamFormValues = Omit<z.input<(typeof CREATE_SCHEMAS)["datadog"]>, "type" | "sink" | "pii_config"> & {
  type?: string;
  sink: Record<string, unknown>;
  pii_config?: z.input<(typeof CREATE_SCHEMAS)["datadog"]>["pii_config"] | null;
};

export function useStreamForm() {
  return useFormContext<StreamFormValues>();
}

/** The message of the field at `path` (e.g. "sink.httpEndpoint"), from the form's check or the server's. */
export function useFieldError(path: string): string | undefined {
  const { getFieldState, formState } = useStreamForm();
  return getFieldState(path as `sink.${string}`, formState).error?.message;
}

/** A fresh form's sink of `type`: each field's default in the type's schema, else empty (a select's first option, no headers, unticked). */
export function defaultSinkOf(type: StreamType): Record<string, unknown> {
  const spec = SINKS[type];
  return Object.fromEntries(
    spec.formFields.map((field) => {
      const parsed = (spec.sinkSchema.shape[field.name as keyof typeof spec.sinkSchema.shape] as z.ZodType).safeParse(
        undefined,
      );
      if (parsed.success && parsed.data !== undefined) return [field.name, parsed.data];
      return [
        field.name,
        field.kind === "select"
          ? field.options?.[0]
          : field.kind === "boolean"
            ? false
            : field.kind === "headers"
              ? []
              : "",
      ];
    }),
  );
}

/** How the type's secret is named in its form ("API key", "HEC token"). */
export function secretLabelOf(type: StreamType): string {
  return SINKS[type].formFields.find((field) => field.kind === "secret")?.label ?? "credentials";
}
