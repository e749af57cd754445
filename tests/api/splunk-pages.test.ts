import crypto from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { api, randomSuffix } from "../support/api";
import { adminSessionCookie } from "../support/server-actions";

// The dashboard's pages for a Splunk stream: listed with its type, its pages render, its HEC token never shows.
describe("dashboard pages of a Splunk stream", () => {
  it("list it as Splunk and render Settings and Health without its token", async () => {
    const token = crypto.randomUUID();
    const created = await api("POST", "/api/v2/log-streams", {
      name: `pages ${randomSuffix()}`,
      type: "splunk",
      sink: { splunkDomain: "http-inputs-acme.splunkcloud.com", splunkToken: token },
    });
    expect(created.status).toBe(200);
    const cookie = await adminSessionCookie();
    const page = async (path: string) => {
      const response = await fetch(`${inject("appUrl")}${path}`, { headers: { cookie } });
      return { status: response.status, html: await response.text() };
    };

    const list = await page("/log-streams");
    expect(list.status).toBe(200);
    expect(list.html).toContain("Splunk");
    expect(list.html).not.toContain(token);
    for (const path of [`/log-streams/${created.json.id}/settings`, `/log-streams/${created.json.id}/health`]) {
      const { status, html } = await page(path);
      expect(status, path).toBe(200);
      expect(html, path).toContain("Splunk");
      expect(html, path).not.toContain(token);
    }
    await api("DELETE", `/api/v2/log-streams/${created.json.id}`);
  });
});
