// Counts as the UI shows them: thousands separated by commas, the same on the server and in the browser.

const COUNT_FORMAT = new Intl.NumberFormat("en-US");

/** 1234567 → "1,234,567" (a bigint too: the lifetime totals are). */
export function formatCount(n: number | bigint): string {
  return COUNT_FORMAT.format(n);
}

/** plural(1, "event") → "1 event", plural(1234, "event") → "1,234 events"; irregular words give their plural: plural(2, "entry", "entries"). */
export function plural(count: number | bigint, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${Number(count) === 1 ? singular : pluralForm}`;
}
