import { z } from "zod";

/** Datadog's limits (Getting Started with Tags, and the logs intake's 100 tags per log). */
export const TAG_MAX_LENGTH = 200;
export const TAGS_MAX_COUNT = 100;
/** Keys Datadog fills in itself: a stream tag would clash with them. env and version are reserved too, but meant to be set. */
const RESERVED_KEYS = ["host", "device", "source", "service"];
const TAG_CHARACTERS = /^[\p{L}\p{N}_\-:./]+$/u;

/** Why a tag breaks Datadog's rules, or null when it keeps them. `tag` is already lowercased. */
function tagProblem(tag: string, original: string): string | null {
  if (tag.length > TAG_MAX_LENGTH)
    return `tag "${original}" is ${tag.length} characters; Datadog allows at most ${TAG_MAX_LENGTH}`;
  if (!/^\p{L}/u.test(tag)) return `tag "${original}" must start with a letter`;
  if (!TAG_CHARACTERS.test(tag)) return `tag "${original}" may only contain letters, digits and _ - : . /`;
  if (tag.endsWith(":")) return `tag "${original}" must not end with a colon`;
  const key = tag.split(":", 1)[0]!;
  if (RESERVED_KEYS.includes(key))
    return `tag "${original}" uses the reserved key ${key}; Datadog sets host, device, source and service itself`;
  return null;
}

/**
 * A stream's Datadog tags (`ddtags`): comma-separated `key:value` or bare tags, checked with
 * Datadog's rules. Saved trimmed and lowercased (Datadog lowercases tags anyway, so what the
 * dashboard shows is what Datadog shows), joined by commas; an empty text means no tags (null).
 */
export const datadogTagsSchema = z
  .string({ error: "datadogTags must be a string of comma-separated tags, e.g. env:prod,team:iam" })
  .transform((text, ctx) => {
    if (text.trim() === "") return null;
    const originals = text.split(",").map((tag) => tag.trim());
    if (originals.length > TAGS_MAX_COUNT) {
      ctx.addIssue({
        code: "custom",
        message: `at most ${TAGS_MAX_COUNT} tags per stream (Datadog's limit per log); got ${originals.length}`,
      });
      return z.NEVER;
    }
    const tags: string[] = [];
    for (const [index, original] of originals.entries()) {
      const tag = original.toLowerCase();
      const problem = tag === "" ? `tag ${index + 1} is empty: remove the extra comma` : tagProblem(tag, original);
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem });
        return z.NEVER;
      }
      tags.push(tag);
    }
    return tags.join(",");
  });
