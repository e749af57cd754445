import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { SQLITE_SCHEMA_FILE, toPostgresSchema } from "./postgres-schema";

const sqliteSchema = fs.readFileSync(SQLITE_SCHEMA_FILE, "utf8");

describe("toPostgresSchema", () => {
  it("changes only the datasource provider and the client output, below a do-not-edit line", () => {
    const [header, ...lines] = toPostgresSchema(sqliteSchema).split("\n");
    expect(header).toMatch(/^\/\/ Generated from prisma\/schema\.prisma/);
    const changed = lines.flatMap((line, index) => (line === sqliteSchema.split("\n")[index] ? [] : [line.trim()]));
    expect(changed).toEqual(['output     = "../../lib/generated/postgres"', 'provider = "postgresql"']);
  });

  it("refuses a schema whose provider line it does not recognize", () => {
    expect(() => toPostgresSchema(sqliteSchema.replace('provider = "sqlite"', 'provider   = "sqlite"'))).toThrow(
      /provider = "sqlite"/,
    );
  });
});
