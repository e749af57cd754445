"use client";

import { useState, type ComponentProps } from "react";
import { Eye, EyeOff } from "lucide-react";
import { INPUT_CLASS } from "@/components/field";

/** A password input with a show/hide button; `secretLabel` names the secret for the button ("Show API key"). */
export function SecretInput({ secretLabel, ...input }: ComponentProps<"input"> & { secretLabel: string }) {
  const [isVisible, setVisible] = useState(false);
  return (
    <div className="relative">
      <input {...input} type={isVisible ? "text" : "password"} autoComplete="off" className={`${INPUT_CLASS} pr-10`} />
      <button
        type="button"
        onClick={() => setVisible(!isVisible)}
        aria-label={isVisible ? `Hide ${secretLabel}` : `Show ${secretLabel}`}
        className="absolute inset-y-0 right-0 flex items-center px-3 text-gray-600 hover:text-gray-900 dark:text-gray-400 dark:hover:text-gray-100"
      >
        {isVisible ? <EyeOff className="h-4 w-4" /> : <Eye className="h-4 w-4" />}
      </button>
    </div>
  );
}
