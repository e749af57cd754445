import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { GENERIC_FAILURE_MESSAGE, toActionFailure } from "./action-client";

describe("toActionFailure", () => {
  it("turns a ZodError into every issue once, placed by field", () => {
    const schema = z.strictObject({ streamId: z.string({ error: "stream id must be a string" }), status: z.enum(["active", "paused"], { error: "status must be 'active' or 'paused'" }) });
    const parsed = schema.safeParse({ streamId: 5, status: "suspended" });
    expect(toActionFailure(parsed.error)).toEqual({
      ok: false,
      code: "invalid_body",
      message: "Check the values: streamId: stream id must be a string. status must be 'active' or 'paused'.",
      fieldErrors: { streamId: "stream id must be a string", status: "status must be 'active' or 'paused'" },
    });
  });

  it("keeps an AppError's code and message", () => {
    expect(toActionFailure(new AppError("conflict", "A log stream named 'x' already exists"))).toEqual({ ok: false, code: "conflict", message: "A log stream named 'x' already exists", fieldErrors: {} });
  });

  it("answers anything else with a generic message: no text, stack or secret of the error", () => {
    const failure = toActionFailure(new Error("connect failed: postgres://user:hunter2@db/logs"));
    expect(failure).toEqual({ ok: false, code: "internal_error", message: GENERIC_FAILURE_MESSAGE, fieldErrors: {} });
    expect(JSON.stringify(failure)).not.toContain("hunter2");
  });
});
