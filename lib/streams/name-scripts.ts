/**
 * Look-alike names (Unicode TS #39, "Highly Restrictive"): a name is written in one script, plus
 * Common and Inherited characters (digits, spaces, punctuation, combining marks), or in one of the
 * combinations a language needs: Japanese (Latin, Han, Hiragana, Katakana), Chinese (Latin, Han,
 * Bopomofo) and Korean (Latin, Han, Hangul). So `Prоd one`, with a Cyrillic о, is refused.
 */

/** The scripts a name is checked against; a letter of any other script counts as "another script". */
const SCRIPTS = [
  "Latin",
  "Greek",
  "Cyrillic",
  "Armenian",
  "Hebrew",
  "Arabic",
  "Syriac",
  "Thaana",
  "Devanagari",
  "Bengali",
  "Gurmukhi",
  "Gujarati",
  "Oriya",
  "Tamil",
  "Telugu",
  "Kannada",
  "Malayalam",
  "Sinhala",
  "Thai",
  "Lao",
  "Tibetan",
  "Myanmar",
  "Georgian",
  "Hangul",
  "Ethiopic",
  "Cherokee",
  "Canadian_Aboriginal",
  "Khmer",
  "Mongolian",
  "Hiragana",
  "Katakana",
  "Bopomofo",
  "Han",
  "Yi",
  "Tifinagh",
  "Nko",
  "Vai",
] as const;

const SCRIPT_PATTERNS = SCRIPTS.map((script) => ({
  script: script.replace("_", " "),
  pattern: new RegExp(`^\\p{Script=${script}}$`, "u"),
}));
const COMMON_OR_INHERITED = /^[\p{Script=Common}\p{Script=Inherited}]$/u;
const OTHER_SCRIPT = "another script";

/** The combinations TS #39's Highly Restrictive level allows beyond a single script. */
const ALLOWED_COMBINATIONS: readonly (readonly string[])[] = [
  ["Latin", "Han", "Hiragana", "Katakana"],
  ["Latin", "Han", "Bopomofo"],
  ["Latin", "Han", "Hangul"],
];

function scriptOf(char: string): string | null {
  if (COMMON_OR_INHERITED.test(char)) return null;
  return SCRIPT_PATTERNS.find(({ pattern }) => pattern.test(char))?.script ?? OTHER_SCRIPT;
}

/** The scripts of `name` (Common and Inherited left out), in order of first use. */
export function scriptsOf(name: string): string[] {
  const scripts = new Set<string>();
  for (const char of name) {
    const script = scriptOf(char);
    if (script) scripts.add(script);
  }
  return [...scripts];
}

/** The scripts `name` mixes, when they are not one script nor an allowed combination; null when fine. */
export function mixedScripts(name: string): string[] | null {
  const scripts = scriptsOf(name);
  if (scripts.length <= 1) return null;
  const isAllowed = ALLOWED_COMBINATIONS.some((combination) => scripts.every((script) => combination.includes(script)));
  return isAllowed ? null : scripts;
}

/** The first control or format character (zero-width joiner, bidi control…) as `U+XXXX`, or null. */
export function invisibleCharacter(name: string): string | null {
  const match = name.match(/[\p{Cc}\p{Cf}]/u);
  return match ? `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` : null;
}
