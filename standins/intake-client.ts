import type { Fault, IntakeStats, ReceivedItem, RequestRecord } from "./intake-server";

/** Controls an intake stand-in running in another process (or thread) over its /__intake routes. */
export function intakeClient(baseUrl: string) {
  async function call<T>(method: string, path: string, apiKey: string, body?: unknown): Promise<T> {
    const response = await fetch(`${baseUrl}/__intake/${path}?apiKey=${encodeURIComponent(apiKey)}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "manual",
    });
    if (!response.ok) throw new Error(`intake control ${path} answered ${response.status}`);
    return (await response.json()) as T;
  }
  return {
    setFault: (apiKey: string, fault: Fault | null) => call("POST", "fault", apiKey, fault),
    received: (apiKey: string) => call<{ items: ReceivedItem[]; requests: RequestRecord[] }>("GET", "received", apiKey),
    stats: (apiKey: string) => call<IntakeStats>("GET", "stats", apiKey),
    reset: () => call("POST", "reset", "*"),
  };
}

export type IntakeClient = ReturnType<typeof intakeClient>;
