import { describe, expect, it } from "vitest";
import { isDatabaseUnreachable } from "./unreachable";

const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code });

describe("isDatabaseUnreachable", () => {
  it("knows node-postgres's errors for a server that is away: a refused or cut socket, SQLSTATE 08 and 57P, a terminated connection", () => {
    for (const error of [
      withCode("ECONNREFUSED"),
      withCode("ECONNRESET"),
      withCode("57P01", "terminating connection due to administrator command"),
      withCode("08006"),
      new Error("Connection terminated unexpectedly"),
    ]) {
      expect(isDatabaseUnreachable(error), error.message).toBe(true);
    }
  });

  it("knows Prisma's and its driver adapter's", () => {
    expect(isDatabaseUnreachable(withCode("P1001"))).toBe(true);
    expect(isDatabaseUnreachable({ name: "DriverAdapterError", cause: { kind: "postgres", code: "57P03" } })).toBe(
      true,
    );
  });

  it("is not fooled by a query's own failure", () => {
    for (const error of [
      withCode("23505", "duplicate key"),
      withCode("P2002"),
      withCode("SQLITE_FULL"),
      new Error("syntax error"),
      null,
      "ECONNREFUSED",
    ]) {
      expect(isDatabaseUnreachable(error)).toBe(false);
    }
  });
});
