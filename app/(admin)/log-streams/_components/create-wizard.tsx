"use client";

import { useEffect, useState } from "react";
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
  const [isChecking, setChecking] = useState(false);
  const [checkedName, setCheckedName] = useState<string | null>(null);

  useEffect(() => {
    if (name === "") return;
    setChecking(true);
    const timer = setTimeout(async () => {
      const { error } = await checkStreamName(name);
      setNameError(error);
      setCheckedName(name);
      setChecking(false);
    }, NAME_CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [name]);

  const isNameReady = name !== "" && checkedName === name && !isChecking && nameError === null;

  return (
    <div className="space-y-6">
      <ol className="flex gap-6 text-sm">
        {STEPS.map((label, index) => (
          <li key={label} className={cn("flex items-center gap-2", index === step ? "font-semibold text-gray-900" : "text-gray-400")}>
            <span className={cn("flex h-6 w-6 items-center justify-center rounded-full text-xs", index < step ? "bg-indigo-600 text-white" : index === step ? "border-2 border-indigo-600" : "border border-gray-300")}>
              {index < step ? <Check className="h-3.5 w-3.5" /> : index + 1}
            </span>
            {label}
          </li>
        ))}
      </ol>

      {step === 0 && (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <button type="button" onClick={() => setStep(1)} className="flex flex-col items-center gap-3 rounded-lg border-2 border-indigo-600 bg-white p-6 text-sm font-medium shadow-sm hover:bg-indigo-50">
            <DatadogLogo className="h-10 w-10" /> Datadog
          </button>
          {OTHER_TYPES.map((type) => (
            <div key={type} aria-disabled="true" className="flex flex-col items-center gap-2 rounded-lg border border-gray-200 bg-gray-50 p-6 text-sm text-gray-400">
              <span className="font-medium">{type}</span>
              <span className="text-xs">Not available</span>
            </div>
          ))}
        </div>
      )}

      {step === 1 && (
        <div className="max-w-lg space-y-5 rounded-lg border border-gray-200 bg-white p-6 shadow-sm">
          <Field label="Name" htmlFor="stream-name" error={name !== "" && checkedName === name ? (nameError ?? undefined) : undefined} hint="A unique name for this stream, e.g. “Datadog production”.">
            <input id="stream-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus aria-invalid={Boolean(nameError)} className={INPUT_CLASS} />
          </Field>
          {isNameReady && <p className="text-xs text-green-700">This name is available.</p>}
          <div className="flex justify-between">
            <Button variant="ghost" onClick={() => setStep(0)}>
              <ArrowLeft className="h-4 w-4" /> Back
            </Button>
            <Button onClick={() => setStep(2)} disabled={!isNameReady}>
              Continue
            </Button>
          </div>
        </div>
      )}

      {step === 2 && (
        <div className="rounded-lg border border-gray-200 bg-white p-6 shadow-sm">
          <div className="mb-6 flex items-center justify-between border-b border-gray-200 pb-4">
            <p className="text-sm">
              <span className="text-gray-500">Datadog stream</span> <span className="font-semibold">{name.trim()}</span>
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
