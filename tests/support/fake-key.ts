import crypto from "node:crypto";

/** A made-up Datadog API key: 32 lowercase hex characters, the shape of a real one (and what FAKE_API_KEY_SHAPE finds). */
export const fakeDatadogApiKey = () => crypto.randomBytes(16).toString("hex");

/** Finds a fakeDatadogApiKey() in text (tests/support/secret-scan.ts looks for leaked keys with it). */
export const FAKE_API_KEY_SHAPE = /(?<![0-9a-fA-F])[0-9a-f]{32}(?![0-9a-fA-F])/g;
