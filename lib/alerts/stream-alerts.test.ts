import { describe, expect, it } from "vitest";
import { alertText } from "./stream-alerts";

describe("alertText", () => {
  it("names the destination type, the stream, the reason and the Health link", () => {
    const text = alertText(
      "failing",
      { id: "lst_abc", name: "Prod tenant", type: "datadog" },
      "3 event(s) not delivered (HTTP 400): bad",
    );
    expect(text).toBe(
      ':warning: Datadog stream "Prod tenant" is failing: 3 event(s) not delivered (HTTP 400): bad\nHealth: /log-streams/lst_abc/health',
    );
    expect(
      alertText(
        "suspended",
        { id: "lst_abc", name: "Prod tenant", type: "splunk" },
        "Splunk refused the HEC token (403)",
      ),
    ).toMatch(/^:no_entry: Splunk stream "Prod tenant" was suspended: /);
    expect(alertText("recovered", { id: "lst_abc", name: "Prod tenant", type: "http" }, "it was resumed")).toMatch(
      /^:white_check_mark: Custom Webhook stream "Prod tenant" recovered: /,
    );
    expect(alertText("failing", { id: "lst_abc", name: "Prod tenant", type: "sumo" }, "bad")).toMatch(
      /^:warning: Sumo Logic stream "Prod tenant" is failing: /,
    );
  });

  it("keeps a Datadog answer or a name from pinging the channel, and cuts a long reason", () => {
    const text = alertText(
      "suspended",
      { id: "lst_abc", name: "a & b", type: "datadog" },
      `<!channel> ${"x".repeat(500)}`,
    );
    expect(text).toContain('"a &amp; b"');
    expect(text).toContain("&lt;!channel&gt;");
    expect(text).not.toContain("<!channel>");
    expect(text.length).toBeLessThan(420);
  });
});
