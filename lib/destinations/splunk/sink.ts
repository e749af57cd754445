import { z } from "zod";
import type { SinkSpec } from "../destination";

/** HEC's default port. */
export const DEFAULT_HEC_PORT = "8088";
/** A host name (RFC 1123 labels) or an IPv4 address. */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** An IPv6 address, bracketed or not (URL checks it: this file is also the browser's, without node:net). */
function isIpv6Address(value: string): boolean {
  const address = value.replace(/^\[(.*)\]$/, "$1");
  return /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/.test(address) && URL.canParse(`https://[${address}]/`);
}

/** `splunkDomain` as the host of a URL: an IPv6 address in brackets. */
export function urlHostOf(domain: string): string {
  return isIpv6Address(domain) ? `[${domain.replace(/^\[(.*)\]$/, "$1")}]` : domain;
}

/** HEC tokens are GUIDs; anything much longer is a paste error. */
const TOKEN_MAX_LENGTH = 256;

export const splunkSinkSchema = z.strictObject({
  splunkDomain: z
    .string({ error: "splunkDomain must be a string" })
    .trim()
    .refine(
      (domain) => HOST_NAME.test(domain) || isIpv6Address(domain),
      "splunkDomain must be a host name or IP address such as http-inputs-acme.splunkcloud.com, without https://, a port or a path",
    ),
  splunkPort: z
    .string({ error: 'splunkPort must be a string of digits, e.g. "8088"' })
    .trim()
    .regex(/^\d{1,5}$/, 'splunkPort must be a port number, e.g. "8088"')
    .refine((port) => Number(port) >= 1 && Number(port) <= 65535, "splunkPort must be between 1 and 65535")
    .default(DEFAULT_HEC_PORT),
  splunkToken: z
    .string({ error: "splunkToken must be a string" })
    .trim()
    .min(1, "splunkToken is required")
    .max(TOKEN_MAX_LENGTH, `splunkToken must be at most ${TOKEN_MAX_LENGTH} characters`)
    .regex(/^[\x21-\x7e]+$/, "splunkToken may not contain spaces or non-ASCII characters"),
  /** Verify HEC's TLS certificate; false accepts a self-signed one, for this stream only. */
  splunkSecure: z.boolean({ error: "splunkSecure must be true or false" }).default(true),
});

export type SplunkSink = z.output<typeof splunkSinkSchema>;

export const splunkSink = {
  type: "splunk",
  label: "Splunk",
  logo: "splunk",
  sinkSchema: splunkSinkSchema,
  secretFields: ["splunkToken"],
  secretsBoundTo: ["splunkDomain", "splunkPort"],
  formFields: [
    { name: "splunkDomain", label: "Splunk domain", kind: "text", placeholder: "http-inputs-acme.splunkcloud.com" },
    { name: "splunkPort", label: "Port", kind: "text", placeholder: DEFAULT_HEC_PORT },
    {
      name: "splunkToken",
      label: "HEC token",
      kind: "secret",
      help: "An HTTP Event Collector token, sent as Authorization: Splunk …",
    },
    {
      name: "splunkSecure",
      label: "Verify TLS certificate",
      kind: "boolean",
      help: "Turn off only for a HEC with a self-signed certificate: this stream then accepts any certificate.",
    },
  ],
} as const satisfies SinkSpec;
