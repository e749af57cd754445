import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { actorOf, GENERIC_FAILURE_MESSAGE, toActionFailure } from "./action-client";
import { BREAK_GLASS_USER_ID } from "./users";

describe("toActionFailure", () => {
  it("turns a ZodError into every issue once, placed by field", () => {
    const schema = z.strictObject({
      streamId: z.string({ error: "stream id must be a string" }),
      status: z.enum(["active", "paused"], { error: "status must be 'active' or 'paused'" }),
    });
    const parsed = schema.safeParse({ streamId: 5, status: "suspended" });
    expect(toActionFailure(parsed.error)).toEqual({
      ok: false,
      code: "invalid_body",
      message: "Check the values: streamId: stream id must be a string. status must be 'active' or 'paused'.",
      fieldErrors: { streamId: "stream id must be a string", status: "status must be 'active' or 'paused'" },
    });
  });

  it("keeps an AppError's code and message", () => {
    expect(toActionFailure(new AppError("conflict", "A log stream named 'x' already exists"))).toEqual({
      ok: false,
      code: "conflict",
      message: "A log stream named 'x' already exists",
      fieldErrors: {},
    });
  });

  it("answers anything else with a generic message: no text, stack or secret of the error", () => {
    const failure = toActionFailure(new Error("connect failed: postgres://user:hunter2@db/logs"));
    expect(failure).toEqual({ ok: false, code: "internal_error", message: GENERIC_FAILURE_MESSAGE, fieldErrors: {} });
    expect(JSON.stringify(failure)).not.toContain("hunter2");
  });
});

describe("actorOf", () => {
  it("names a user by email, else by name, and the break-glass account 'admin', with the client address", () => {
    expect(actorOf({ id: "usr_1", email: "ada@example.com", name: "Ada" }, "203.0.113.7")).toEqual({
      kind: "user",
      name: "ada@example.com",
      address: "203.0.113.7",
    });
    expect(actorOf({ id: "usr_2", email: null, name: "Bob" }, "::1")).toEqual({
      kind: "user",
      name: "Bob",
      address: "::1",
    });
    expect(actorOf({ id: BREAK_GLASS_USER_ID, email: null, name: "admin" }, "127.0.0.1")).toEqual({
      kind: "user",
      name: "admin",
      address: "127.0.0.1",
    });
  });
});
