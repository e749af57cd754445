import { describe, expect, it } from "vitest";
import { datadogTagsSchema } from "./tags";

const messageOf = (input: string) => datadogTagsSchema.safeParse(input).error?.issues[0]?.message;

describe("datadogTagsSchema", () => {
  it("keeps key:value and bare tags, trimmed and lowercased, joined by commas", () => {
    expect(datadogTagsSchema.parse(" env:Prod , team:IAM,critical, region:eu-west/1.a ")).toBe(
      "env:prod,team:iam,critical,region:eu-west/1.a",
    );
    expect(datadogTagsSchema.parse("env:staging:east,version:1.2_3")).toBe("env:staging:east,version:1.2_3");
  });

  it("reads an empty text as no tags", () => {
    expect(datadogTagsSchema.parse("")).toBeNull();
    expect(datadogTagsSchema.parse("   ")).toBeNull();
  });

  it("names the tag and the rule it breaks", () => {
    expect(messageOf("env:prod,1team:iam")).toBe('tag "1team:iam" must start with a letter');
    expect(messageOf("env:prod,team:i am")).toBe('tag "team:i am" may only contain letters, digits and _ - : . /');
    expect(messageOf("env:prod,team=iam")).toBe('tag "team=iam" may only contain letters, digits and _ - : . /');
    expect(messageOf(`env:${"a".repeat(197)}`)).toBe(
      `tag "env:${"a".repeat(197)}" is 201 characters; Datadog allows at most 200`,
    );
    expect(messageOf("env:prod,team:")).toBe('tag "team:" must not end with a colon');
    expect(messageOf("env:prod,,team:iam")).toBe("tag 2 is empty: remove the extra comma");
    expect(messageOf("Host:web-1")).toBe(
      'tag "Host:web-1" uses the reserved key host; Datadog sets host, device, source and service itself',
    );
    expect(messageOf("service:other")).toContain("reserved key service");
    expect(messageOf("source")).toContain("reserved key source");
    expect(messageOf(Array.from({ length: 101 }, (_, i) => `t${i}`).join(","))).toBe(
      "at most 100 tags per stream (Datadog's limit per log); got 101",
    );
  });

  it("allows env and version, Datadog's other reserved keys, which are meant to be set", () => {
    expect(datadogTagsSchema.parse("env:prod,version:2")).toBe("env:prod,version:2");
  });

  it("refuses what is not a string", () => {
    expect(messageOf(["env:prod"] as never)).toBe(
      "datadogTags must be a string of comma-separated tags, e.g. env:prod,team:iam",
    );
  });
});
