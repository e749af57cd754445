import { describe, expect, it } from "vitest";
import { ingestBodyParts } from "./body-parts";
import { parseIngestBody } from "./parse";

/** `count` events of ~300 bytes: 2,000 of them make a body of several parts. */
const events = (count: number, prefix = "part") =>
  Array.from({ length: count }, (_, i) => ({
    log_id: `${prefix}-${i}`,
    data: { type: "s", description: `event ${i} ${"x".repeat(200)}`, log_id: `${prefix}-${i}` },
  }));

const partsOf = (body: string) => [...ingestBodyParts(Buffer.from(body))];

function errorOf(read: () => unknown): unknown {
  try {
    read();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("ingestBodyParts", () => {
  it("cuts an array into parts that hold what parseIngestBody reads from it whole", () => {
    const body = JSON.stringify(events(2_000));
    const parts = partsOf(body);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flat()).toEqual(parseIngestBody(body));
  });

  it("reads a body whose events nest what looks like an event boundary as parseIngestBody does", () => {
    const nested = [{ log_id: "inner-1" }, { log_id: "inner-2", data: {} }];
    const tricky = events(2_000).map((e) => ({ ...e, data: { ...e.data, nested } }));
    const body = JSON.stringify(tricky, null, 1);
    expect(partsOf(body).flat()).toEqual(parseIngestBody(body));
    const compact = JSON.stringify(tricky);
    expect(partsOf(compact).flat()).toEqual(parseIngestBody(compact));
    const oneNested = events(2_000).map((e, i) => (i === 1_500 ? { ...e, data: { ...e.data, nested } } : e));
    const laterCut = JSON.stringify(oneNested);
    const parts = partsOf(laterCut);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flat()).toEqual(parseIngestBody(laterCut));
  });

  it("throws parseIngestBody's error for a body whose last part is bad, naming the same event", () => {
    const list = [...events(1_999), { log_id: "bad" }];
    const error = errorOf(() => partsOf(JSON.stringify(list)));
    expect(error).toMatchObject({ code: "invalid_body", message: "index 1999: data must be an object" });
    const truncated = JSON.stringify(events(2_000)).slice(0, -2);
    expect(errorOf(() => partsOf(truncated))).toMatchObject(errorOf(() => parseIngestBody(truncated)) as object);
    const trailingComma = `${JSON.stringify(events(2_000)).slice(0, -1)},]`;
    expect(errorOf(() => partsOf(trailingComma))).toMatchObject({ code: "invalid_body" });
  });

  it("reads JSON Lines and a lone event whole", () => {
    const lines = events(3)
      .map((e) => JSON.stringify(e))
      .join("\n");
    expect(partsOf(lines)).toEqual([parseIngestBody(lines)]);
    const one = JSON.stringify(events(1)[0]);
    expect(partsOf(one)).toEqual([parseIngestBody(one)]);
  });
});
