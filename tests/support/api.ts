import crypto from "node:crypto";
import { inject } from "vitest";

export const randomSuffix = () => crypto.randomBytes(4).toString("hex");
export const apiKeyFor = () => crypto.randomBytes(16).toString("hex");

/** Calls the shared app's API with the Management API token (or `token`, or none with null). */
export async function api(method: string, path: string, body?: unknown, token: string | null = inject("apiToken")) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${inject("appUrl")}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as any) : undefined }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function newStreamBody(overrides: Record<string, unknown> = {}) {
  return { name: `api ${randomSuffix()}`, type: "datadog", sink: { datadogApiKey: apiKeyFor(), datadogRegion: "us" }, ...overrides };
}
