import { describe, expect, it } from "vitest";
import { nameSchema } from "./schemas";
import { mixedScripts, scriptsOf } from "./name-scripts";

const issueOf = (name: string) => {
  const parsed = nameSchema.safeParse(name);
  return parsed.success ? null : parsed.error.issues[0]!.message;
};

describe("stream names and scripts (Unicode TS #39, Highly Restrictive)", () => {
  it("refuses a Latin name with a Cyrillic look-alike letter, naming both scripts", () => {
    expect(issueOf("Pr\u043Ed one")).toBe(
      "The name mixes scripts (Latin and Cyrillic): letters that look alike could pass for another stream's name. Use one script.",
    );
    expect(issueOf("\u0440aypal")).toMatch(/^The name mixes scripts \(Cyrillic and Latin\)/);
    expect(issueOf("Prod \u03BFne")).toMatch(/\(Latin and Greek\)/);
  });

  it("accepts one script with digits, spaces and punctuation, and the combinations languages need", () => {
    for (const name of [
      "Prod one",
      "Прод один",
      "Ελληνικά 2",
      "日本語 ログ",
      "ログ ストリーム prod",
      "ひらがな カタカナ 漢字 Latin",
      "中文 ㄅㄆ prod",
      "한국어 로그 prod 漢字",
      "Zürich (EU)",
      "prod-1_a.b",
    ]) {
      expect(issueOf(name), name).toBeNull();
    }
    expect(mixedScripts("Prod 日本")).toBeNull();
    expect(mixedScripts("ログ 한국어")).toEqual(["Katakana", "Hangul"]);
    expect(scriptsOf("Prod 1 - (x)")).toEqual(["Latin"]);
  });

  it("refuses invisible and control characters with a message that says so", () => {
    expect(issueOf("Prod\u200Done")).toBe("The name contains an invisible or control character (U+200D): remove it.");
    expect(issueOf("Prod \u202Eeno")).toMatch(/U\+202E/);
    expect(issueOf("Prod\u0007")).toMatch(/U\+0007/);
  });

  it("normalises to NFKC first: a decomposed letter is one letter, full-width letters are plain", () => {
    expect(nameSchema.parse("Zu\u0308rich")).toBe("Zürich");
    expect(nameSchema.parse("\uFF30rod")).toBe("Prod");
  });
});
