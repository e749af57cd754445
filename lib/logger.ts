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
