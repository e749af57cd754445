import { describe, expect, it } from "vitest";
import { AppError } from "./app-error";

describe("AppError", () => {
  it("is recognised by instanceof when another copy of the module made it (Next bundles instrumentation and routes apart)", () => {
    // What the other copy's constructor leaves on its errors: the shared mark, a code.
    const otherCopys = Object.assign(new Error("index 1: log_id must be a non-empty string"), {
      [Symbol.for("logstreams.AppError")]: true,
      code: "invalid_body",
    });
    expect(otherCopys).toBeInstanceOf(AppError);
    expect(new AppError("conflict", "taken")).toBeInstanceOf(AppError);
    expect(new AppError("conflict", "taken")).toBeInstanceOf(Error);
  });

  it("is not any other error or value", () => {
    for (const value of [
      new Error("plain"),
      new TypeError("type"),
      { code: "invalid_body", message: "look-alike" },
      null,
      "AppError",
    ])
      expect(value).not.toBeInstanceOf(AppError);
  });
});
