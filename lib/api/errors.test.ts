import { describe, expect, it } from "vitest";
import { createStreamSchema, updateStreamSchema } from "@/lib/streams/schemas";
import { describeZodError } from "./errors";
import { parseBody } from "./handler";

function messageFor(schema: typeof createStreamSchema | typeof updateStreamSchema, body: unknown): string {
  try {
    parseBody(schema, body);
  } catch (error) {
    return describeZodError(error as never);
  }
  throw new Error("expected the body to be refused");
}

const sink = { datadogApiKey: "abcd1234", datadogRegion: "us" };

describe("describeZodError (Auth0's payload validation messages)", () => {
  it("names a missing property and where it is missing", () => {
    expect(messageFor(createStreamSchema, { type: "datadog", sink })).toBe(
      "Payload validation error: 'Missing required property: name'.",
    );
    expect(messageFor(createStreamSchema, { name: "a", type: "datadog" })).toBe(
      "Payload validation error: 'Missing required property: sink'.",
    );
    expect(messageFor(createStreamSchema, { name: "a", type: "datadog", sink: { datadogRegion: "us" } })).toBe(
      "Payload validation error: 'Missing required property: datadogApiKey' on property sink.",
    );
  });

  it("says where an additional property is", () => {
    expect(messageFor(createStreamSchema, { name: "a", type: "datadog", sink, colour: 1 })).toBe(
      "Payload validation error: 'Additional properties not allowed: colour'.",
    );
    expect(messageFor(updateStreamSchema, { sink: { ...sink, colour: 1 } })).toBe(
      "Payload validation error: 'Additional properties not allowed: colour' on property sink.",
    );
  });

  it("keeps the schema's own message for a value of the wrong type", () => {
    expect(messageFor(createStreamSchema, { name: 42, type: "datadog", sink })).toBe(
      "Payload validation error: 'name must be a string' on property name.",
    );
    expect(messageFor(createStreamSchema, { name: "a", type: 7, sink })).toBe(
      "Payload validation error: 'type must be a string' on property type.",
    );
    expect(messageFor(updateStreamSchema, { name: null })).toBe(
      "Payload validation error: 'name must be a string' on property name.",
    );
  });
});
