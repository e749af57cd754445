/**
 * Logs a failing condition once per distinct reason instead of on every attempt that meets it,
 * until `clear` says it has ended: one line per outage, not one per request.
 */
export function createLogOnce(log: (reason: string, detail?: string) => void) {
  let loggedReason: string | undefined;
  return {
    /** Logs `reason` (with `detail`, which does not make it distinct) unless it is the one logged last. */
    report(reason: string, detail?: string): void {
      if (reason === loggedReason) return;
      loggedReason = reason;
      log(reason, detail);
    },
    /** The condition ended; true when it had been logged. */
    clear(): boolean {
      const wasLogged = loggedReason !== undefined;
      loggedReason = undefined;
      return wasLogged;
    },
  };
}
