import { describe, expect, inject, it } from "vitest";
import { api, randomSuffix } from "../support/api";
import { adminSessionCookie } from "../support/server-actions";

// The dashboard's pages for a Custom Webhook stream: listed with its type, its pages render, its Authorization never shows.
describe("dashboard pages of a Custom Webhook stream", () => {
  it("list it as Custom Webhook and render Settings and Health without its Authorization", async () => {
    const token = `Bearer page-secret-${randomSuffix()}${randomSuffix()}`;
    const created = await api.createStream({
      name: `pages ${randomSuffix()}`,
      type: "http",
      sink: { httpEndpoint: "https://hooks.example.com/auth0", httpAuthorization: token },
    });
    expect(created.status).toBe(200);
    const cookie = await adminSessionCookie();
    const page = async (path: string) => {
      const response = await fetch(`${inject("appUrl")}${path}`, { headers: { cookie } });
      return { status: response.status, html: await response.text() };
    };

    const list = await page("/log-streams");
    expect(list.status).toBe(200);
    expect(list.html).toContain("Custom Webhook");
    expect(list.html).toContain("hooks.example.com");
    for (const path of [`/log-streams/${created.json.id}/settings`, `/log-streams/${created.json.id}/health`]) {
      const { status, html } = await page(path);
      expect(status, path).toBe(200);
      expect(html, path).toContain("Custom Webhook");
      expect(html, path).not.toContain(token);
    }
    expect(list.html).not.toContain(token);
    await api.deleteStream(created.json.id);
  });
});
