// npm run bench -- --only overload: many senders of big bodies at once, each retrying a refused
// body after its Retry-After, as Auth0 retries a webhook that got 5xx.
import { Agent, request } from "undici";
import { benchEvents } from "./support";

export type OverloadOptions = {
  appUrl: string;
  /** The app's resident memory now, in bytes (all its processes). */
  sampleRss: () => number;
  ingestToken: string;
  senders: number;
  bodiesPerSender: number;
  eventsPerBody: number;
  run: string;
  /** Waits until the intake has `count` items for the stream; returns when the last one arrived and how many it has. */
  waitForDelivery: (count: number) => Promise<{ lastAt: number; items: number }>;
};

export type OverloadResult = {
  peakRssMb: number;
  accepted: number;
  refused: number;
  healthzWorstMs: number;
  eventsPerSecond: number;
  duplicates: number;
};

/** How often the app's memory and /healthz are sampled while it is overloaded. */
const SAMPLE_INTERVAL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The senders each POST their bodies one after another, from the same start; the clock runs
 * from the first POST to the last event at the intake. Meanwhile the app's resident memory (all
 * its processes) and /healthz's answer time are sampled.
 */
export async function measureOverload(
  options: OverloadOptions,
  report: (text: string) => void,
): Promise<OverloadResult> {
  const { appUrl, sampleRss, senders, bodiesPerSender, eventsPerBody, run } = options;
  // Serialised before the clock starts: we measure the app, not the load generator.
  const bodies = Array.from({ length: senders * bodiesPerSender }, (_, i) =>
    Buffer.from(JSON.stringify(benchEvents(eventsPerBody, `${run}-overload-${i}`))),
  );
  const total = bodies.length * eventsPerBody;
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const counts = { accepted: 0, refused: 0 };

  async function send(body: Buffer): Promise<void> {
    for (;;) {
      const response = await request(`${appUrl}/api/v2/logs`, {
        method: "POST",
        dispatcher: agent,
        headers: { authorization: `Bearer ${options.ingestToken}`, "content-type": "application/json" },
        body,
      });
      const text = await response.body.text();
      if (response.statusCode === 202) {
        counts.accepted++;
        return;
      }
      if (response.statusCode !== 503) throw new Error(`ingest answered ${response.statusCode}: ${text}`);
      counts.refused++;
      const retryAfterSeconds = Number(response.headers["retry-after"]);
      if (!(retryAfterSeconds > 0))
        throw new Error(`a 503 without a usable Retry-After (${response.headers["retry-after"]})`);
      await sleep(retryAfterSeconds * 1000);
    }
  }

  let peakRss = sampleRss();
  let healthzWorstMs = 0;
  let isSampling = true;
  const sampleMemory = setInterval(() => (peakRss = Math.max(peakRss, sampleRss())), SAMPLE_INTERVAL_MS);
  const healthzAgent = new Agent({ keepAliveTimeout: 30_000 });
  const sampleHealthz = (async () => {
    while (isSampling) {
      const started = Date.now();
      const response = await request(`${appUrl}/healthz`, { dispatcher: healthzAgent });
      await response.body.text();
      if (response.statusCode !== 200) throw new Error(`/healthz answered ${response.statusCode} under overload`);
      healthzWorstMs = Math.max(healthzWorstMs, Date.now() - started);
      await sleep(SAMPLE_INTERVAL_MS);
    }
  })();

  const started = Date.now();
  const sending = Promise.all(
    Array.from({ length: senders }, async (_, sender) => {
      for (let i = 0; i < bodiesPerSender; i++) await send(bodies[sender * bodiesPerSender + i]!);
    }),
  );
  const progress = setInterval(
    () =>
      report(
        `202 × ${counts.accepted}, 503 × ${counts.refused}, peak RSS ${Math.round(peakRss / 2 ** 20)} MB, /healthz worst ${healthzWorstMs} ms`,
      ),
    1000,
  );
  try {
    await sending;
    const { lastAt, items } = await options.waitForDelivery(total);
    return {
      peakRssMb: Math.round(peakRss / 2 ** 20),
      ...counts,
      healthzWorstMs,
      eventsPerSecond: Math.round((total / (lastAt - started)) * 1000),
      duplicates: items - total,
    };
  } finally {
    clearInterval(progress);
    clearInterval(sampleMemory);
    isSampling = false;
    await sampleHealthz;
    await Promise.all([agent.close(), healthzAgent.close()]);
  }
}
