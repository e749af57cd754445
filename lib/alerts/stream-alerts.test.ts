import { describe, expect, it } from "vitest";
import { alertText } from "./stream-alerts";

describe("alertText", () => {
  it("names the stream, the reason and the Health link", () => {
    const text = alertText("failing", { id: "lst_abc", name: "Prod tenant" }, "3 event(s) not delivered (HTTP 400): bad");
    expect(text).toBe(':warning: Log stream "Prod tenant" is failing: 3 event(s) not delivered (HTTP 400): bad\nHealth: /log-streams/lst_abc/health');
  });

  it("keeps a Datadog answer or a name from pinging the channel, and cuts a long reason", () => {
    const text = alertText("suspended", { id: "lst_abc", name: "a & b" }, `<!channel> ${"x".repeat(500)}`);
    expect(text).toContain('"a &amp; b"');
    expect(text).toContain("&lt;!channel&gt;");
    expect(text).not.toContain("<!channel>");
    expect(text.length).toBeLessThan(420);
  });
});
