"use client";

import { useEffect, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { ArrowLeft, Check } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { DatadogLogo } from "@/components/datadog-logo";
import { Field, INPUT_CLASS } from "@/components/field";
import { cn } from "@/lib/cn";
import { checkStreamName, createStreamAction } from "../actions";
import { StreamForm } from "./stream-form";

/** Auth0's other stream types, shown as in Auth0's dashboard but not offered here. */
const OTHER_TYPES = ["Amazon EventBridge", "Azure Event Grid", "Custom Webhook", "Splunk", "Sumo Logic", "Mixpanel", "Segment"];
const NAME_CHECK_DELAY_MS = 300;
const STEPS = ["Type", "Name", "Settings"];

export function CreateWizard() {
  const router = useRouter();
  const [step, setStep] = useState(0);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [checkedName, setCheckedName] = useState<string | null>(null);

  useEffect(() => {
    if (name === "") return;
    const timer = setTimeout(async () => {
      const result = await checkStreamName({ name });
      setNameError(result.ok ? null : (result.fieldErrors.name ?? result.message));
      setCheckedName(name);
    }, NAME_CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [name]);

  const isNameReady = name !== "" && checkedName === name && nameError === null;
  const isNameRefused = name === "" || (checkedName === name && nameError !== null);

  // Continue (or Enter in the name field) checks the name now rather than waiting for the check as you type.
  async function continueToSettings(event: FormEvent) {
    event.preventDefault();
    const result = await checkStreamName({ name });
    setNameError(result.ok ? null : (result.fieldErrors.name ?? result.message));
    setCheckedName(name);
    if (result.ok) setStep(2);
  }

  return (
    <div className="space-y-6">
      <ol aria-label="Steps" className="flex gap-6 text-sm">
        {STEPS.map((label, index) => (
          <li
            key={label}
            aria-current={index === step ? "step" : undefined}
            className={cn("flex items-center gap-2", index === step ? "font-semibold text-gray-900 dark:text-gray-100" : "text-gray-600 dark:text-gray-400")}
          >
            <span
              className={cn(
                "flex h-6 w-6 items-center justify-center rounded-full text-xs",
                index < step ? "bg-indigo-600 text-white" : index === step ? "border-2 border-indigo-600 dark:border-indigo-400" : "border border-gray-400 dark:border-gray-600",
              )}
            >
              {index < step ? (
                <>
                  <Check className="h-3.5 w-3.5" />
                  <span className="sr-only">done:</span>
                </>
              ) : (
                index + 1
              )}
            </span>
            {label}
          </li>
        ))}
      </ol>

      {step === 0 && (
        <ul aria-label="Stream type" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <li className="flex">
            <button
              type="button"
              onClick={() => setStep(1)}
              className="flex flex-1 flex-col items-center gap-3 rounded-lg border-2 border-indigo-600 bg-white p-6 text-sm font-medium shadow-sm hover:bg-indigo-50 dark:border-indigo-400 dark:bg-gray-900 dark:hover:bg-indigo-950"
            >
              <DatadogLogo className="h-10 w-10" /> Datadog
            </button>
          </li>
          {OTHER_TYPES.map((type) => (
            <li key={type} className="flex flex-col items-center gap-2 rounded-lg border border-gray-200 bg-gray-50 p-6 text-sm text-gray-600 dark:border-gray-800 dark:bg-gray-900/50 dark:text-gray-400">
              <span className="font-medium">{type}</span>
              <span className="text-xs">Not available</span>
            </li>
          ))}
        </ul>
      )}

      {step === 1 && (
        <form onSubmit={continueToSettings} noValidate className="max-w-lg space-y-5 rounded-lg border border-gray-200 bg-white p-6 shadow-sm dark:border-gray-800 dark:bg-gray-900">
          <Field label="Name" htmlFor="stream-name" error={name !== "" && checkedName === name ? (nameError ?? undefined) : undefined} hint="A unique name for this stream, e.g. “Datadog production”.">
            <input id="stream-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus aria-invalid={Boolean(nameError)} className={INPUT_CLASS} />
          </Field>
          <p role="status" className="text-xs text-green-700 dark:text-green-400">
            {isNameReady ? "This name is available." : ""}
          </p>
          <div className="flex justify-between">
            <Button variant="ghost" onClick={() => setStep(0)}>
              <ArrowLeft className="h-4 w-4" /> Back
            </Button>
            <Button type="submit" disabled={isNameRefused}>
              Continue
            </Button>
          </div>
        </form>
      )}

      {step === 2 && (
        <div className="rounded-lg border border-gray-200 bg-white p-6 shadow-sm dark:border-gray-800 dark:bg-gray-900">
          <div className="mb-6 flex items-center justify-between border-b border-gray-200 pb-4 dark:border-gray-800">
            <p className="text-sm">
              <span className="text-gray-600 dark:text-gray-400">Datadog stream</span> <span className="font-semibold">{name.trim()}</span>
            </p>
            <Button variant="ghost" onClick={() => setStep(1)}>
              Change name
            </Button>
          </div>
          <StreamForm
            mode="create"
            defaultValues={{ name, type: "datadog", isPriority: false, filters: [], sink: { datadogApiKey: "", datadogRegion: "us", datadogTags: "" } }}
            onSave={createStreamAction}
            onSaved={() => {
              toast.success("Stream created");
              router.push("/log-streams");
            }}
          />
        </div>
      )}
    </div>
  );
}
