import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RENAMED_MIGRATIONS } from "./migration-renames";

const MIGRATION_FOLDERS = ["prisma/migrations", "prisma/postgres/migrations"];
const migrationNames = (folder: string) =>
  fs.readdirSync(path.resolve(folder)).filter((name) => fs.existsSync(path.resolve(folder, name, "migration.sql")));

describe("the migration folders", () => {
  it.each(MIGRATION_FOLDERS)("%s: each migration has a timestamp of its own", (folder) => {
    const timestamps = migrationNames(folder).map((name) => name.split("_")[0]);
    expect(timestamps.length).toBeGreaterThan(0);
    expect(new Set(timestamps).size).toBe(timestamps.length);
  });

  it.each(MIGRATION_FOLDERS)("%s: holds every renamed migration under its new name only", (folder) => {
    const names = migrationNames(folder);
    for (const [oldName, newName] of Object.entries(RENAMED_MIGRATIONS)) {
      expect(names).toContain(newName);
      expect(names).not.toContain(oldName);
    }
  });
});
