import { z } from "zod";
import type { SinkSpec } from "../destination";
import { urlFieldSchema } from "../url-field";

/** The path of every Sumo Logic HTTP source's address: the source's token follows it. */
export const SOURCE_PATH = "/receiver/v1/http/";

/** Why `value` cannot be an HTTP source's address, or null. Whether plain http may be used is the server's to say (destinationUrlProblem). */
export function sourceAddressProblem(value: string): string | null {
  const example = `https://endpoint1.collection.sumologic.com${SOURCE_PATH}<token>`;
  if (!URL.canParse(value) || /\s/.test(value))
    return `sumoSourceAddress must be the HTTP source's address, e.g. ${example}`;
  const url = new URL(value);
  if (url.protocol !== "https:" && url.protocol !== "http:") return "sumoSourceAddress must be an https URL";
  if (url.username || url.password) return "sumoSourceAddress may not carry a user name or password";
  if (!url.pathname.startsWith(SOURCE_PATH) || url.pathname.length === SOURCE_PATH.length)
    return `sumoSourceAddress must be the HTTP source's address, ${example}, as Sumo Logic shows it`;
  return null;
}

export const sumoSinkSchema = z.strictObject({
  sumoSourceAddress: urlFieldSchema("sumoSourceAddress", sourceAddressProblem),
});

export type SumoSink = z.output<typeof sumoSinkSchema>;

export const sumoSink = {
  type: "sumo",
  label: "Sumo Logic",
  logo: "sumo",
  sinkSchema: sumoSinkSchema,
  // The address holds the source's token: whoever has it can send logs to the source.
  secretFields: ["sumoSourceAddress"],
  formFields: [
    {
      name: "sumoSourceAddress",
      label: "HTTP source address",
      kind: "secret",
      placeholder: `https://endpoint1.collection.sumologic.com${SOURCE_PATH}…`,
      help: "The URL of a Sumo Logic HTTP Logs and Metrics source (Collection > your hosted collector > the source's URL)",
    },
  ],
} as const satisfies SinkSpec;
