"use client";

import { useEffect, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { ArrowLeft, Check } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/button";
import { DestinationLogo } from "@/components/destination-logo";
import { Field, INPUT_CLASS } from "@/components/field";
import { cn } from "@/lib/cn";
import { SINKS, STREAM_TYPES, type StreamType } from "@/lib/destinations/sinks";
import { checkStreamName, createStreamAction } from "../actions";
import { StreamForm } from "./stream-form";
import { defaultSinkOf } from "./stream-form-values";

/** Auth0's other stream types, shown as in Auth0's dashboard but not offered here. */
const OTHER_TYPES = ["Amazon EventBridge", "Azure Event Grid", "Mixpanel", "Segment"];
const NAME_CHECK_DELAY_MS = 300;
const STEPS = ["Type", "Name", "Settings"];

/** `checkableTypes`: the types whose destination has a credentials check (a Check button by the secret). */
export function CreateWizard({ checkableTypes }: { checkableTypes: readonly string[] }) {
  const [step, setStep] = useState(0);
  const [type, setType] = useState<StreamType>("datadog");
  const [name, setName] = useState("");

  return (
    <div className="space-y-6">
      <StepList step={step} />
      {step === 0 && (
        <TypeTiles
          onChoose={(chosen) => {
            setType(chosen);
            setStep(1);
          }}
        />
      )}
      {step === 1 && (
        <NameStep
          type={type}
          name={name}
          onNameChange={setName}
          onBack={() => setStep(0)}
          onContinue={() => setStep(2)}
        />
      )}
      {step === 2 && (
        <SettingsStep
          type={type}
          name={name}
          canCheckCredentials={checkableTypes.includes(type)}
          onChangeName={() => setStep(1)}
        />
      )}
    </div>
  );
}

function StepList({ step }: { step: number }) {
  return (
    <ol aria-label="Steps" className="flex gap-6 text-sm">
      {STEPS.map((label, index) => (
        <li
          key={label}
          aria-current={index === step ? "step" : undefined}
          className={cn(
            "flex items-center gap-2",
            index === step ? "font-semibold text-gray-900 dark:text-gray-100" : "text-gray-600 dark:text-gray-400",
          )}
        >
          <span
            className={cn(
              "flex h-6 w-6 items-center justify-center rounded-full text-xs",
              index < step
                ? "bg-indigo-600 text-white"
                : index === step
                  ? "border-2 border-indigo-600 dark:border-indigo-400"
                  : "border border-gray-400 dark:border-gray-600",
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
  );
}

/** A tile per destination this server delivers to (buttons: Tab and Enter choose one), then Auth0's others, not available. */
function TypeTiles({ onChoose }: { onChoose: (type: StreamType) => void }) {
  return (
    <ul aria-label="Stream type" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {STREAM_TYPES.map((type) => (
        <li key={type} className="flex">
          <button
            type="button"
            onClick={() => onChoose(type)}
            className="flex flex-1 flex-col items-center gap-3 rounded-lg border-2 border-indigo-600 bg-white p-6 text-sm font-medium shadow-sm hover:bg-indigo-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 dark:border-indigo-400 dark:bg-gray-900 dark:hover:bg-indigo-950"
          >
            <DestinationLogo type={type} className="h-10 w-10" /> {SINKS[type].label}
          </button>
        </li>
      ))}
      {OTHER_TYPES.map((label) => (
        <li
          key={label}
          className="flex flex-col items-center gap-2 rounded-lg border border-gray-200 bg-gray-50 p-6 text-sm text-gray-600 dark:border-gray-800 dark:bg-gray-900/50 dark:text-gray-400"
        >
          <span className="font-medium">{label}</span>
          <span className="text-xs">Not available</span>
        </li>
      ))}
    </ul>
  );
}

/** Why `name` cannot be used (taken, or refused by the schema), or null. */
async function nameProblem(name: string): Promise<string | null> {
  const result = await checkStreamName({ name });
  return result.ok ? null : (result.fieldErrors.name ?? result.message);
}

type NameStepProps = {
  type: StreamType;
  name: string;
  onNameChange: (name: string) => void;
  onBack: () => void;
  onContinue: () => void;
};

/** The name, checked as it is typed (after a pause) and again on Continue. */
function NameStep({ type, name, onNameChange, onBack, onContinue }: NameStepProps) {
  const [nameError, setNameError] = useState<string | null>(null);
  const [checkedName, setCheckedName] = useState<string | null>(null);

  async function checkName() {
    const problem = await nameProblem(name);
    setNameError(problem);
    setCheckedName(name);
    return problem === null;
  }

  useEffect(() => {
    if (name === "") return;
    const timer = setTimeout(async () => {
      const problem = await nameProblem(name);
      setNameError(problem);
      setCheckedName(name);
    }, NAME_CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [name]);

  const isNameReady = name !== "" && checkedName === name && nameError === null;
  const isNameRefused = name === "" || (checkedName === name && nameError !== null);

  // Continue (or Enter in the name field) checks the name now rather than waiting for the check as you type.
  async function continueToSettings(event: FormEvent) {
    event.preventDefault();
    if (await checkName()) onContinue();
  }

  return (
    <form
      onSubmit={continueToSettings}
      noValidate
      className="max-w-lg space-y-5 rounded-lg border border-gray-200 bg-white p-6 shadow-sm dark:border-gray-800 dark:bg-gray-900"
    >
      <Field
        label="Name"
        htmlFor="stream-name"
        error={name !== "" && checkedName === name ? (nameError ?? undefined) : undefined}
        hint={`A unique name for this stream, e.g. “${SINKS[type].label} production”.`}
      >
        <input
          id="stream-name"
          value={name}
          onChange={(e) => onNameChange(e.target.value)}
          autoFocus
          aria-invalid={Boolean(nameError)}
          className={INPUT_CLASS}
        />
      </Field>
      <p role="status" className="text-xs text-green-700 dark:text-green-400">
        {isNameReady ? "This name is available." : ""}
      </p>
      <div className="flex justify-between">
        <Button variant="ghost" onClick={onBack}>
          <ArrowLeft className="h-4 w-4" /> Back
        </Button>
        <Button type="submit" disabled={isNameRefused}>
          Continue
        </Button>
      </div>
    </form>
  );
}

function SettingsStep({
  type,
  name,
  canCheckCredentials,
  onChangeName,
}: {
  type: StreamType;
  name: string;
  canCheckCredentials: boolean;
  onChangeName: () => void;
}) {
  const router = useRouter();
  return (
    <div className="rounded-lg border border-gray-200 bg-white p-6 shadow-sm dark:border-gray-800 dark:bg-gray-900">
      <div className="mb-6 flex items-center justify-between border-b border-gray-200 pb-4 dark:border-gray-800">
        <p className="text-sm">
          <span className="text-gray-600 dark:text-gray-400">{SINKS[type].label} stream</span>{" "}
          <span className="font-semibold">{name.trim()}</span>
        </p>
        <Button variant="ghost" onClick={onChangeName}>
          Change name
        </Button>
      </div>
      <StreamForm
        type={type}
        canCheckCredentials={canCheckCredentials}
        defaultValues={{ name, type, isPriority: false, filters: [], sink: defaultSinkOf(type) }}
        onSave={(values) => createStreamAction(values as never)}
        onSaved={() => {
          toast.success("Stream created");
          router.push("/log-streams");
        }}
      />
    </div>
  );
}
