import pino from "pino";

/** Structured logs; anything that may carry a secret is redacted by path. */
export const logger = pino({
  // Read directly, not through env(): the logger must work before (and while) the environment is checked.
  level: process.env.LOG_LEVEL ?? "info",
  redact: {
    paths: [
      "apiKey",
      "*.apiKey",
      "datadogApiKey",
      "*.datadogApiKey",
      "sink.datadogApiKey",
      "*.sink.datadogApiKey",
      "headers.authorization",
      'headers["dd-api-key"]',
      "*.headers.authorization",
      '*.headers["dd-api-key"]',
      "password",
      "token",
    ],
    censor: "[redacted]",
  },
});

/**
 * The last line of defence of a long-running process (the web server, `npm run worker`): a promise
 * rejection nothing handled is logged as one error line instead of ending the process, whose
 * delivery and pulls must go on.
 */
export function logUnhandledRejections(): void {
  const registry = globalThis as { logStreamsRejectionLog?: boolean };
  if (registry.logStreamsRejectionLog) return;
  registry.logStreamsRejectionLog = true;
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled promise rejection (a bug: please report it); the process goes on"));
}
