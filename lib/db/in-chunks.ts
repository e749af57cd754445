/**
 * Values per `in` list: SQLite through Prisma binds at most 999 parameters a statement, and a
 * failure holds a whole batch of event seqs (1000 or more), so such lists are read in pieces.
 */
export const MAX_IN_LIST = 500;

/** `values` in consecutive pieces of at most `size`. */
export function inChunks<T>(values: readonly T[], size = MAX_IN_LIST): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}
