import crypto from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { api, randomSuffix } from "../support/api";
import { adminSessionCookie } from "../support/server-actions";

/** A stream of each type beyond Datadog: its sink, the secret in it, and text the stream list shows for it. */
const STREAMS = [
  {
    type: "http",
    label: "Custom Webhook",
    secret: `Bearer page-secret-${randomSuffix()}${randomSuffix()}`,
    sink: (secret: string) => ({ httpEndpoint: "https://hooks.example.com/auth0", httpAuthorization: secret }),
    shown: "hooks.example.com",
  },
  {
    type: "splunk",
    label: "Splunk",
    secret: crypto.randomUUID(),
    sink: (secret: string) => ({ splunkDomain: "http-inputs-acme.splunkcloud.com", splunkToken: secret }),
    shown: "http-inputs-acme.splunkcloud.com",
  },
  {
    type: "sumo",
    label: "Sumo Logic",
    secret: `${crypto.randomBytes(48).toString("base64url")}==`,
    sink: (secret: string) => ({
      sumoSourceAddress: `https://endpoint4.collection.sumologic.com/receiver/v1/http/${secret}`,
    }),
    shown: "endpoint4.collection.sumologic.com",
  },
];

// The dashboard's pages for a stream of each type: listed with its type, its pages render, its secret never shows.
describe("dashboard pages of a stream of each destination", () => {
  it.each(STREAMS)(
    "list a $type stream as $label and render Settings and Health without its secret",
    async ({ type, label, secret, sink, shown }) => {
      const created = await api.createStream({ name: `pages ${randomSuffix()}`, type, sink: sink(secret) });
      expect(created.status).toBe(200);
      const cookie = await adminSessionCookie();
      const page = async (path: string) => {
        const response = await fetch(`${inject("appUrl")}${path}`, { headers: { cookie } });
        return { status: response.status, html: await response.text() };
      };

      const list = await page("/log-streams");
      expect(list.status).toBe(200);
      expect(list.html).toContain(label);
      expect(list.html).toContain(shown);
      expect(list.html).not.toContain(secret);
      for (const path of [`/log-streams/${created.json.id}/settings`, `/log-streams/${created.json.id}/health`]) {
        const { status, html } = await page(path);
        expect(status, path).toBe(200);
        expect(html, path).toContain(label);
        expect(html, path).not.toContain(secret);
      }
      // Settings is the type's form (a blank secret keeps the stored one); Health has a connection check.
      expect((await page(`/log-streams/${created.json.id}/settings`)).html).toContain("Leave blank to keep it.");
      expect((await page(`/log-streams/${created.json.id}/health`)).html).toContain("Connection check");
      await api.deleteStream(created.json.id);
    },
  );
});
