import { z } from "zod";
import type { SinkSpec } from "../destination";
import { urlFieldSchema } from "../url-field";

export const CONTENT_FORMATS = ["JSONARRAY", "JSONLINES", "JSONOBJECT"] as const;

/** Custom headers a stream may carry: enough for any receiver's needs, few enough to show in Settings. */
const MAX_CUSTOM_HEADERS = 20;
const MAX_HEADER_VALUE_LENGTH = 4096;
/** RFC 9110's token: what a header name may be made of. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
/** Visible ASCII and spaces: no CR/LF (header injection), no control characters. */
const HEADER_VALUE = /^[\x20-\x7e]*$/;
/**
 * Headers the stream's own settings or the HTTP connection decide: Host and Content-Length are the
 * request's, the hop-by-hop ones the connection's; Authorization and Content-Type have their own fields.
 */
const REFUSED_HEADERS = [
  "host",
  "content-length",
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-authorization",
  "proxy-authenticate",
  "content-encoding",
  "authorization",
  "content-type",
];

/**
 * Why `value` cannot be a destination URL, or null: an http(s) URL without credentials in it. Whether
 * plain http may be used is the server's to say (destinationUrlProblem in ../destination-url.ts).
 */
export function urlShapeProblem(value: string, field: string): string | null {
  if (!URL.canParse(value) || /\s/.test(value)) return `${field} must be a URL, e.g. https://logs.example.com/auth0`;
  const url = new URL(value);
  if (url.protocol !== "https:" && url.protocol !== "http:") return `${field} must be an https URL`;
  if (url.username || url.password) return `${field} may not carry a user name or password: use httpAuthorization`;
  return null;
}

const headerValueSchema = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .max(MAX_HEADER_VALUE_LENGTH, `${field} must be at most ${MAX_HEADER_VALUE_LENGTH} characters`)
    .regex(HEADER_VALUE, `${field} may only contain visible ASCII characters and spaces`);

export const customHeaderSchema = z.strictObject({
  header: z
    .string({ error: "header must be a string" })
    .trim()
    .regex(HEADER_NAME, "header must be a header name: letters, digits and ! # $ % & ' * + . ^ _ ` | ~ -")
    .refine((name) => !REFUSED_HEADERS.includes(name.toLowerCase()), {
      error: (issue) =>
        `header '${String(issue.input)}' cannot be set: ${REFUSED_HEADERS.join(", ")} are set by the request or by their own fields`,
    }),
  value: headerValueSchema("value"),
});

export const httpSinkSchema = z.strictObject({
  httpEndpoint: urlFieldSchema("httpEndpoint", (value) => urlShapeProblem(value, "httpEndpoint")),
  httpContentType: headerValueSchema("httpContentType")
    .trim()
    .min(1, "httpContentType may not be empty")
    .max(256)
    .default("application/json"),
  httpContentFormat: z
    .enum(CONTENT_FORMATS, { error: `httpContentFormat must be one of ${CONTENT_FORMATS.join(", ")}` })
    .default("JSONARRAY"),
  httpAuthorization: headerValueSchema("httpAuthorization").optional(),
  httpCustomHeaders: z
    .array(customHeaderSchema, { error: "httpCustomHeaders must be an array of {header, value}" })
    .max(MAX_CUSTOM_HEADERS, `at most ${MAX_CUSTOM_HEADERS} custom headers`)
    .default([])
    .refine(
      (headers) => new Set(headers.map((h) => h.header.toLowerCase())).size === headers.length,
      "httpCustomHeaders names a header twice",
    ),
});

export type HttpSink = z.output<typeof httpSinkSchema>;

export const httpSink = {
  type: "http",
  label: "Custom Webhook",
  logo: "webhook",
  sinkSchema: httpSinkSchema,
  secretFields: ["httpAuthorization"],
  secretsBoundTo: ["httpEndpoint"],
  formFields: [
    { name: "httpEndpoint", label: "Endpoint URL", kind: "text", placeholder: "https://logs.example.com/auth0" },
    { name: "httpContentType", label: "Content type", kind: "text", placeholder: "application/json" },
    { name: "httpContentFormat", label: "Content format", kind: "select", options: CONTENT_FORMATS },
    {
      name: "httpAuthorization",
      label: "Authorization token",
      kind: "secret",
      help: "Sent as the Authorization header, e.g. Bearer …",
    },
    { name: "httpCustomHeaders", label: "Custom headers", kind: "headers" },
  ],
} as const satisfies SinkSpec;
