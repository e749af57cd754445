import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The model blocks of a schema file, comments and blank lines removed. */
function models(file: string): string {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const blocks = text.match(/^model \w+ \{[\s\S]*?^\}/gm) ?? [];
  return blocks
    .map((block) => block.split("\n").map((line) => line.replace(/\/\/.*$/, "").trim()).filter(Boolean).join("\n"))
    .join("\n\n");
}

describe("the SQLite and PostgreSQL schemas", () => {
  it("declare the same models", () => {
    const sqlite = models("prisma/schema.prisma");
    expect(sqlite).toContain("model Event");
    expect(models("prisma/postgres/schema.prisma")).toBe(sqlite);
  });

  it("each have their committed migrations, for their own provider", () => {
    for (const [dir, provider] of [["prisma/migrations", "sqlite"], ["prisma/postgres/migrations", "postgresql"]] as const) {
      expect(fs.readFileSync(path.join(ROOT, dir, "migration_lock.toml"), "utf8")).toContain(`provider = "${provider}"`);
      const names = fs.readdirSync(path.join(ROOT, dir)).filter((name) => fs.existsSync(path.join(ROOT, dir, name, "migration.sql")));
      expect(names.length).toBeGreaterThan(0);
    }
    const sqliteNames = fs.readdirSync(path.join(ROOT, "prisma/migrations")).filter((n) => !n.endsWith(".toml"));
    const postgresNames = fs.readdirSync(path.join(ROOT, "prisma/postgres/migrations")).filter((n) => !n.endsWith(".toml"));
    expect(postgresNames).toEqual(sqliteNames);
  });
});
