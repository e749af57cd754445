import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

describe("SQLite in one process", () => {
  // Two copies of SQLite in one process do not see each other's locks, so their writers can
  // write at once and corrupt the file: the benchmark once ended with "row missing from index"
  // while Prisma's adapter carried a better-sqlite3 of its own (package.json "overrides").
  it("is one library: Prisma's adapter loads the same better-sqlite3 as the direct connection", () => {
    const require = createRequire(import.meta.url);
    const adapterRequire = createRequire(require.resolve("@prisma/adapter-better-sqlite3"));
    expect(adapterRequire.resolve("better-sqlite3")).toBe(require.resolve("better-sqlite3"));
  });
});
