import type { ReactNode } from "react";

/** A labelled form field with its hint and its error right below it. */
export function Field({
  label,
  htmlFor,
  hint,
  error,
  children,
}: {
  label: string;
  htmlFor: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={htmlFor} className="block text-sm font-medium text-gray-800 dark:text-gray-200">
        {label}
      </label>
      {children}
      {hint && !error && <p className="text-xs text-gray-600 dark:text-gray-400">{hint}</p>}
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400" id={`${htmlFor}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export const INPUT_CLASS =
  "block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-gray-500 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 aria-[invalid=true]:border-red-500 dark:border-gray-600 dark:bg-gray-900 dark:text-gray-100 dark:placeholder:text-gray-400 dark:focus:border-indigo-400 dark:focus:ring-indigo-400/50";
