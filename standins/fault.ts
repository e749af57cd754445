/** What a stand-in can be told to do wrong, whatever it stands in for; each adds faults of its own. */
export type StandinFault = {
  /** HTTP status to answer with */
  status?: number;
  /** Retry-After header value in seconds, with 429/503 */
  retryAfter?: number;
  /** Apply to this many requests, then behave again; unlimited when absent */
  times?: number;
};

/** The fault set for `key`, counting this request against its `times` (the last one removes it). */
export function takeFault<Fault extends StandinFault>(faults: Map<string, Fault>, key: string): Fault | undefined {
  const fault = faults.get(key);
  if (fault?.times !== undefined && --fault.times <= 0) faults.delete(key);
  return fault;
}

/** The Retry-After header the fault asks for, if any. */
export function retryAfterHeader(fault: StandinFault): Record<string, string> {
  return fault.retryAfter !== undefined ? { "Retry-After": String(fault.retryAfter) } : {};
}
