import type { ActionResult } from "@/lib/auth/action-client";
import { cn } from "@/lib/cn";

/**
 * What a server action answered, in one place below the control that ran it: the failure's message
 * (announced at once), or on success `success` or the action's own message (announced politely).
 */
export function ActionMessage({
  result,
  success,
  testId,
  className,
}: {
  result: ActionResult<unknown> | null | undefined;
  success?: string;
  testId?: string;
  className?: string;
}) {
  if (!result) return null;
  const text = result.ok ? (success ?? result.message) : result.message;
  if (!text) return null;
  return (
    <p
      role={result.ok ? "status" : "alert"}
      data-testid={testId}
      className={cn(
        "text-sm",
        result.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400",
        className,
      )}
    >
      {text}
    </p>
  );
}
