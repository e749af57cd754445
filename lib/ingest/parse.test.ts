import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { itemJson, itemText, type ItemParts } from "@/lib/events/item-json";
import { MAX_EVENT_DEPTH, parsedIngestBody, parseIngestBody, readIngestBody } from "./parse";

const event = (id: string, type = "s") => ({ log_id: id, data: { type, log_id: id } });

function errorOf(body: string): AppError {
  try {
    parseIngestBody(body);
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected a parse error");
}

describe("parseIngestBody", () => {
  it("reads a JSON array", () => {
    const events = parseIngestBody(JSON.stringify([event("a"), event("b", "f")]));
    expect(events.map((e) => ({ ...e, item: itemText(e.item) }))).toEqual([
      { logId: "a", type: "s", item: itemJson("a", { type: "s", log_id: "a" }), dateMs: null },
      { logId: "b", type: "f", item: itemJson("b", { type: "f", log_id: "b" }), dateMs: null },
    ]);
    const [full] = parseIngestBody(
      JSON.stringify([
        {
          log_id: "c",
          data: { type: "fp", description: "Wrong password", date: "2026-11-24T10:00:00Z", hostname: "t.auth0.com" },
        },
      ]),
    );
    expect(JSON.parse(itemText(full!.item))).toMatchObject({
      message: "Wrong password",
      date: "2026-11-24T10:00:00Z",
      hostname: "t.auth0.com",
    });
    expect(full!.dateMs).toBe(Date.parse("2026-11-24T10:00:00Z"));
  });

  it("reads JSON Lines with blank lines and CRLF", () => {
    const body = `${JSON.stringify(event("a"))}\r\n\r\n${JSON.stringify(event("b"))}\n`;
    expect(parseIngestBody(body).map((e) => e.logId)).toEqual(["a", "b"]);
  });

  it("reads one object, also pretty-printed over several lines", () => {
    expect(parseIngestBody(JSON.stringify(event("a"))).map((e) => e.logId)).toEqual(["a"]);
    expect(parseIngestBody(JSON.stringify(event("b"), null, 2)).map((e) => e.logId)).toEqual(["b"]);
  });

  it("stores an event without data.type under an empty type", () => {
    expect(parseIngestBody(JSON.stringify({ log_id: "x", data: {} }))[0]!.type).toBe("");
  });

  it("names the JSON Lines line at fault, from 1", () => {
    const body = [JSON.stringify(event("a")), JSON.stringify(event("b")), "{not json"].join("\n");
    expect(errorOf(body)).toMatchObject({ code: "invalid_body", message: "line 3: not valid JSON" });
    expect(errorOf(`${JSON.stringify(event("a"))}\n{"data":{}}`).message).toBe(
      "line 2: log_id must be a non-empty string",
    );
  });

  it("names the array index at fault, from 0", () => {
    expect(errorOf(JSON.stringify([event("a"), { log_id: "b" }])).message).toBe("index 1: data must be an object");
    expect(errorOf(JSON.stringify([event("a"), event("b"), { log_id: "", data: {} }])).message).toBe(
      "index 2: log_id must be a non-empty string",
    );
    expect(errorOf(JSON.stringify([event("a"), "text"])).message).toContain("index 1: an event must be a JSON object");
  });

  it("refuses an empty body, an empty array, data that is not an object and a broken array", () => {
    expect(errorOf("  ").message).toContain("empty");
    expect(errorOf("[]").message).toContain("empty");
    expect(errorOf(JSON.stringify({ log_id: "a", data: [1] })).message).toBe("the event: data must be an object");
    expect(errorOf('[{"log_id":"a","data":{}}').message).toContain("not valid JSON");
  });
});

describe("the nesting limit", () => {
  /** An event whose data nests `levels` objects below the event object ("{}" strings included, which do not count). */
  const nested = (id: string, levels: number) => {
    let data: Record<string, unknown> = { type: "s", note: "{[{[" };
    for (let i = 2; i < levels; i++) data = { inner: data, text: "]}" };
    return { log_id: id, data };
  };
  const limitMessage = `the event nests objects and arrays more than ${MAX_EVENT_DEPTH} levels deep (the limit)`;

  it("accepts an event exactly at the limit, in every body form", () => {
    const atLimit = nested("a", MAX_EVENT_DEPTH);
    expect(parseIngestBody(JSON.stringify([atLimit]))).toHaveLength(1);
    expect(parseIngestBody(JSON.stringify(atLimit))).toHaveLength(1);
    expect(parseIngestBody(`${JSON.stringify(atLimit)}\n${JSON.stringify(event("b"))}`)).toHaveLength(2);
  });

  it("names the index, line or event one level deeper, and the limit", () => {
    const over = nested("b", MAX_EVENT_DEPTH + 1);
    expect(errorOf(JSON.stringify([event("a"), event("c"), over]))).toMatchObject({
      code: "invalid_body",
      message: `index 2: ${limitMessage}`,
    });
    expect(errorOf(`[{"log_id":"a","data":{}},{"log_id":"b","d\\u0061ta":${JSON.stringify(over.data)}}]`).message).toBe(
      `index 1: ${limitMessage}`,
    );
    expect(errorOf(`${JSON.stringify(event("a"))}\n\n${JSON.stringify(over)}`).message).toBe(`line 3: ${limitMessage}`);
    expect(errorOf(JSON.stringify(over, null, 2)).message).toBe(`the event: ${limitMessage}`);
  });

  it("refuses a 20,000-deep event with a 400, not a stack overflow", () => {
    const deep = `{"log_id":"d","data":${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}}`;
    expect(errorOf(`[${deep}]`).message).toBe(`index 0: ${limitMessage}`);
    expect(errorOf(deep).message).toBe(`the event: ${limitMessage}`);
    expect(errorOf(`${JSON.stringify(event("a"))}\n${deep}`).message).toBe(`line 2: ${limitMessage}`);
  });
});

describe("an event's data in its stored item", () => {
  const dataOf = (item: ItemParts) => (JSON.parse(itemText(item)) as { data: unknown }).data;

  it("is the body's own text of data, spaces, escapes and digits as sent", () => {
    const body = `[{"log_id":"a","data":{"type":"s","n":12345678901234567890,"e":"caf\\u00e9 \\"q\\" \\\\","inner":{"data":{"x":[1,{"y":"}"}]}}}},\n {"data" : { "type" : "f" } , "log_id":"b"}]`;
    const [a, b] = parseIngestBody(body);
    expect(itemText(a!.item)).toContain(
      `"data":{"type":"s","n":12345678901234567890,"e":"caf\\u00e9 \\"q\\" \\\\","inner":{"data":{"x":[1,{"y":"}"}]}}}`,
    );
    expect(itemText(b!.item)).toContain(`"data":{ "type" : "f" },"ddsource"`);
    expect(dataOf(b!.item)).toEqual({ type: "f" });
    expect(b!.type).toBe("f");
  });

  it("is on one line, a pretty-printed body's line breaks made spaces, for destinations taking one event per line", () => {
    const events = [{ log_id: "a", data: { type: "s", note: "line\nbreak", nested: { list: [1, 2] } } }];
    for (const body of [
      JSON.stringify(events, null, 2),
      JSON.stringify(events[0], null, "\t").replaceAll("\n", "\r\n"),
    ]) {
      const [a] = parseIngestBody(body);
      expect(itemText(a!.item)).not.toMatch(/[\r\n]/);
      expect(dataOf(a!.item)).toEqual(events[0]!.data);
    }
  });

  it("is the one object a key spelt with escapes names, as JSON.parse reads it", () => {
    const [a] = parseIngestBody('[{"log_id":"a","d\\u0061ta":{"type":"f","date":"2026-11-24T10:00:00Z"}}]');
    expect({ ...a!, item: itemText(a!.item) }).toEqual({
      logId: "a",
      type: "f",
      item: itemJson("a", { type: "f", date: "2026-11-24T10:00:00Z" }),
      dateMs: Date.parse("2026-11-24T10:00:00Z"),
    });
  });

  it("keeps every fixture event's data, in a compact or an indented array", () => {
    const fixtures = path.resolve(import.meta.dirname, "../../tests/fixtures/auth0-events.ndjson");
    const events = fs
      .readFileSync(fixtures, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as { data: unknown });
    expect(events.length).toBeGreaterThan(100);
    for (const body of [JSON.stringify(events), JSON.stringify(events, null, 2)]) {
      expect(parseIngestBody(body).map((event) => dataOf(event.item))).toEqual(events.map((event) => event.data));
    }
  });
});

describe("readIngestBody", () => {
  const events = (count: number) => Array.from({ length: count }, (_, i) => event(`e${i}`));
  const readAll = (body: string) => {
    const reader = readIngestBody(body);
    const parts: number[] = [];
    while (!reader.isDone) parts.push(reader.read(1000).length);
    return parts;
  };

  it("reads every event of any body form in parts, done after the last", () => {
    expect(readAll(JSON.stringify(events(2_500)))).toEqual([1000, 1000, 500]);
    expect(readAll(JSON.stringify(events(2_000)))).toEqual([1000, 1000]);
    expect(
      readAll(
        events(2_500)
          .map((e) => JSON.stringify(e))
          .join("\n"),
      ),
    ).toEqual([1000, 1000, 500]);
    expect(readAll(JSON.stringify(event("a"), null, 2))).toEqual([1]);
  });

  it("refuses an array at the read that reaches its fault, having read the parts before it", () => {
    const reader = readIngestBody(JSON.stringify([...events(1_500), { log_id: "x" }]));
    expect(reader.read(1000)).toHaveLength(1000);
    expect(() => reader.read(1000)).toThrow("index 1500: data must be an object");
    expect(() => readIngestBody("{not json\n{}")).toThrow("line 1: not valid JSON");
  });
});

describe("parsedIngestBody", () => {
  const body = JSON.stringify(
    Array.from({ length: 250 }, (_, i) => ({ log_id: `e${i}`, data: { type: "s", description: `event ${i}` } })),
  );
  const asText = (events: { logId: string; item: ItemParts }[]) => events.map((e) => [e.logId, itemText(e.item)]);

  it("makes an array's events slice by slice, each as reading the body whole makes it", () => {
    const events = parsedIngestBody(body);
    expect(events.length).toBe(250);
    const sliced = [0, 100, 200].flatMap((start) => events.slice(start, start + 100));
    expect(asText(sliced)).toEqual(asText(parseIngestBody(body)));
    expect(asText(events.slice(240, 300))).toEqual(asText(sliced.slice(240)));
  });

  it("checks the whole body before any event is asked for", () => {
    const faulty = `${body.slice(0, -1)},{"log_id":"late"}]`;
    expect(() => parsedIngestBody(faulty)).toThrow("index 250: data must be an object");
  });
});

describe("the body's bytes", () => {
  it("are read as UTF-8, from a view into a larger buffer too, data's bytes kept as sent", () => {
    const text = JSON.stringify([{ log_id: "a", data: { type: "s", user_name: "José 🚀 Ωmega" } }]);
    const bytes = Buffer.from(`xx${text}`).subarray(2);
    const [a] = parseIngestBody(bytes);
    expect(JSON.parse(itemText(a!.item))).toMatchObject({
      message: "s José 🚀 Ωmega",
      data: { user_name: "José 🚀 Ωmega" },
    });
    expect(Buffer.from(a!.item.data).toString()).toBe('{"type":"s","user_name":"José 🚀 Ωmega"}');
  });

  it("with invalid UTF-8 are read as decoding would read them: each bad sequence U+FFFD", () => {
    const bytes = Buffer.concat([
      Buffer.from('[{"log_id":"a","data":{"type":"s","note":"'),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('"}}]'),
    ]);
    const [a] = parseIngestBody(bytes);
    expect(JSON.parse(itemText(a!.item)).data.note).toBe("\ufffd\ufffd");
  });

  it("are trimmed of what String.prototype.trim removes, and of nothing else", () => {
    const body = JSON.stringify([event("a")]);
    const spaces = [
      "\t",
      "\n",
      "\v",
      "\f",
      "\r",
      " ",
      "\u00a0",
      "\u1680",
      "\u2000",
      "\u200a",
      "\u2028",
      "\u2029",
      "\u202f",
      "\u205f",
      "\u3000",
      "\ufeff",
    ];
    for (const space of spaces) {
      expect(space.trim()).toBe("");
      expect(parseIngestBody(`${space}${body}${space}`).map((e) => e.logId)).toEqual(["a"]);
    }
    for (const other of ["\u0085", "\u180e", "\u200b", "\u00a1", "\u2030"]) {
      expect(other.trim()).toBe(other);
      expect(() => parseIngestBody(`${other}${body}`)).toThrow(AppError);
      expect(() => parseIngestBody(`${body}${other}`)).toThrow(AppError);
    }
  });
});

/** A seeded generator (mulberry32), so that a failure repeats. */
function randomOf(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a mutation inserts or puts in place of a character: JSON's own characters, and some it refuses. */
const PIECES = [
  '"',
  "\\",
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  "0",
  "-",
  ".",
  "e",
  "E",
  "+",
  "t",
  "u",
  "n",
  "l",
  "a",
  " ",
  "\t",
  "\n",
  "\u0001",
  "é",
  "\\u",
  "00",
  "x",
];

/** `text` with one or two characters deleted, inserted or replaced at random. */
function mutated(text: string, random: () => number): string {
  for (let edits = 1 + Math.floor(random() * 2); edits > 0; edits--) {
    const at = Math.floor(random() * text.length);
    const piece = PIECES[Math.floor(random() * PIECES.length)]!;
    const kind = random();
    const after = kind < 0.33 ? text.slice(at + 1) : kind < 0.66 ? piece + text.slice(at) : piece + text.slice(at + 1);
    text = text.slice(0, at) + after;
  }
  return text;
}

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const outcome = (body: string) => {
  try {
    return parseIngestBody(body).map((e) => [e.logId, e.type, e.dateMs, itemText(e.item)]);
  } catch (error) {
    return (error as AppError).message;
  }
};

describe("what is JSON", () => {
  it("is what JSON.parse accepts: a body's mutations are refused as not JSON exactly when JSON.parse refuses them", () => {
    const random = randomOf(26);
    const events = [
      {
        log_id: "a",
        data: { type: "s", n: -1.5e3, t: true, f: false, z: null, e: 'caf\u00e9 "q" \\ \n \u0001', a: [0, {}], o: {} },
      },
      { log_id: "b", data: { type: "f", x: [1e-7, 0.25, -0, 12], u: "\ud83d\ude80 ☃" } },
    ];
    const bases = [JSON.stringify(events), JSON.stringify(events, null, 1)];
    let refused = 0;
    for (let round = 0; round < 4000; round++) {
      // As bytes come: a lone surrogate cut from a pair becomes U+FFFD.
      const body = Buffer.from(mutated(bases[round % 2]!, random)).toString();
      const result = outcome(body);
      const trimmedBody = body.trim();
      if (trimmedBody.startsWith("[")) {
        expect([body, result === "The body is not valid JSON: the array does not parse"]).toEqual([
          body,
          !isJson(trimmedBody),
        ]);
      }
      if (isJson(trimmedBody) && Array.isArray(JSON.parse(trimmedBody)) && typeof result !== "string") {
        const parsed = JSON.parse(trimmedBody) as { log_id: string; data: unknown }[];
        expect(result.map((r) => JSON.parse(r[3] as string).data)).toEqual(parsed.map((e) => e.data));
      }
      if (typeof result === "string") refused++;
    }
    expect(refused).toBeGreaterThan(1000);
    expect(refused).toBeLessThan(4000);
  });

  it("is the same for one event and for each JSON Lines line", () => {
    const random = randomOf(4);
    const line = JSON.stringify({ log_id: "a", data: { type: "s", n: [1, -2.5, true, null, "\u00e9"] } });
    for (let round = 0; round < 2000; round++) {
      const text = Buffer.from(mutated(line, random)).toString();
      if (text.includes("\n")) continue; // two lines, not one
      const single = outcome(text);
      if (!text.trim().startsWith("[")) {
        const isRefusedAsNotJson = typeof single === "string" && single.endsWith("not valid JSON");
        expect([text, isRefusedAsNotJson]).toEqual([text, !isJson(text.trim())]);
      }
      expect([text, outcome(`${line}\n${text}`) === "line 2: not valid JSON"]).toEqual([text, !isJson(text)]);
    }
  });
});

describe("a key repeated in an event", () => {
  const success = '{"type":"s","date":"2026-11-24T10:00:00Z","description":"Successful login"}';
  const failure = '{"type":"f","date":"2026-11-25T10:00:00Z","description":"Failed login"}';
  const repeatedData = (key: string) => `{"log_id":"x","data":${success},"${key}":${failure}}`;

  it("is refused, spelt alike or with escapes, naming the index, line or event", () => {
    for (const key of ["data", "\\u0064ata", "d\\u0061t\\u0061"]) {
      expect(errorOf(`[${JSON.stringify(event("a"))},${repeatedData(key)}]`)).toMatchObject({
        code: "invalid_body",
        message: 'index 1: the key "data" appears twice in one object',
      });
      expect(errorOf(`${JSON.stringify(event("a"))}\n\n${repeatedData(key)}`).message).toBe(
        'line 3: the key "data" appears twice in one object',
      );
      expect(errorOf(repeatedData(key)).message).toBe('the event: the key "data" appears twice in one object');
    }
  });

  it("is refused for log_id too, and for the keys of data that are stored or sent beside it", () => {
    expect(errorOf('[{"log_id":"a","data":{},"log_\\u0069d":"b"}]').message).toBe(
      'index 0: the key "log_id" appears twice in one object',
    );
    expect(errorOf('[{"log_id":"a","data":{"type":"s","t\\u0079pe":"f"}}]').message).toBe(
      'index 0: the key "type" appears twice in one object',
    );
    expect(errorOf('{"log_id":"a","data":{"date":"2026-11-24T10:00:00Z","date":"2020-01-01T00:00:00Z"}}').message).toBe(
      'the event: the key "date" appears twice in one object',
    );
    expect(
      errorOf('[{"log_id":"a","data":{"description":"a"}},{"log_id":"b","data":{"description":"b","description":"c"}}]')
        .message,
    ).toBe('index 1: the key "description" appears twice in one object');
  });

  it("is refused for any other key of the event, and for a read key of data spelt at another length", () => {
    expect(errorOf('[{"log_id":"a","data":{},"note":1,"n\\u006fte":2}]').message).toBe(
      'index 0: the key "note" appears twice in one object',
    );
    expect(
      errorOf('[{"log_id":"a","data":{"hostname":"a.example.com","h\\u006fstname":"b.example.com"}}]').message,
    ).toBe('index 0: the key "hostname" appears twice in one object');
    expect(errorOf('{"log_id":"a","data":{"user_id":"auth0|1","\\u0075ser_\\u0069d":"auth0|2"}}').message).toBe(
      'the event: the key "user_id" appears twice in one object',
    );
  });

  it("is refused for a read key of data with every character escaped, its longest spelling", () => {
    for (const key of ["type", "date", "description", "hostname", "user_name", "user_id"]) {
      const escaped = [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
      expect(errorOf(`{"log_id":"a","data":{"${key}":"1","${escaped}":"2"}}`).message).toBe(
        `the event: the key "${key}" appears twice in one object`,
      );
    }
  });

  it("is not looked for among data's other keys, also of a read key's length or beginning", () => {
    const body =
      '[{"log_id":"a","data":{"type":"s","strategy":"a","strategy":"b","dates":1,"dates":2,"typ":3,"typ":4}}]';
    expect(parseIngestBody(body).map(({ logId, type }) => ({ logId, type }))).toEqual([{ logId: "a", type: "s" }]);
  });

  it("is no repeat in another object: another event, a nested object, or the key as a value", () => {
    const body =
      '[{"log_id":"a","data":{"type":"s","details":{"type":"x","data":{"type":"y"}},"note":"data"}},{"log_id":"b","data":{"type":"f"}}]';
    expect(parseIngestBody(body).map(({ logId, type }) => ({ logId, type }))).toEqual([
      { logId: "a", type: "s" },
      { logId: "b", type: "f" },
    ]);
  });
});
