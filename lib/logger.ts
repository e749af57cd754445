import pino from "pino";

const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]*@/gi;
const CONNINFO_PASSWORD = /(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s]+)/gi;

/** A text with the password of any URL (`postgres://user:pw@host`) or conninfo (`password=pw`) in it masked. */
export function withoutPasswords(text: string): string {
  return text.replace(URL_PASSWORD, "$1[redacted]@").replace(CONNINFO_PASSWORD, "$1[redacted]");
}

function errorWithoutPasswords(error: unknown) {
  const serialized = pino.stdSerializers.err(error as Error);
  if (typeof serialized !== "object" || serialized === null) return serialized;
  const { message, stack } = serialized;
  return {
    ...serialized,
    message: typeof message === "string" ? withoutPasswords(message) : message,
    stack: typeof stack === "string" ? withoutPasswords(stack) : stack,
  };
}

/**
 * Structured logs; anything that may carry a secret is redacted by path, and an error's text (a
 * driver's message may quote the connection string it was given) has its passwords masked.
 */
export const logger = pino({
  // Read directly, not through env(): the logger must work before (and while) the environment is checked.
  level: process.env.LOG_LEVEL ?? "info",
  serializers: { err: errorWithoutPasswords },
  hooks: {
    logMethod(args, method) {
      const scrubbed = args.map((arg) => (typeof arg === "string" ? withoutPasswords(arg) : arg));
      return method.apply(this, scrubbed as Parameters<typeof method>);
    },
  },
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
  process.on("unhandledRejection", (reason) =>
    logger.error({ err: reason }, "unhandled promise rejection (a bug: please report it); the process goes on"),
  );
}

export type RepeatLog = ReturnType<typeof createRepeatLog>;

/**
 * For work tried again and again (a poll, a timer, a stream's passes): each distinct reason it
 * fails for is logged once, not on every try. `scope` keeps one reason per item (a stream).
 */
export function createRepeatLog() {
  const logged = new Map<string, { reason: string; sinceMs: number }>();
  return {
    /** True when `reason` (a text, or an error's message) is not the one last logged for `scope`: log it now. */
    isNew(reason: unknown, scope = ""): boolean {
      const text = typeof reason === "string" ? reason : reason instanceof Error ? reason.message : String(reason);
      const last = logged.get(scope);
      if (last?.reason === text) return false;
      logged.set(scope, { reason: text, sinceMs: last?.sinceMs ?? Date.now() });
      return true;
    },
    /** The work went through: forgets `scope`'s failure. Returns how long it lasted (ms), or null when none was logged. */
    end(scope = ""): number | null {
      const last = logged.get(scope);
      logged.delete(scope);
      return last ? Date.now() - last.sinceMs : null;
    },
  };
}
