import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, newStreamBody } from "../support/api";
import { userSessionCookie } from "../support/server-actions";

/** Where a page sends the user with `cookie`: null when it answers 200 itself. */
async function sentTo(path: string, cookie: string): Promise<string | null> {
  const response = await fetch(`${inject("appUrl")}${path}`, { headers: { cookie }, redirect: "manual" });
  if (response.status === 200) return null;
  return new URL(response.headers.get("location") ?? "", inject("appUrl")).pathname;
}

describe("each page checks the role where it reads its data", () => {
  let streamId = "";

  beforeAll(async () => {
    const created = await api.createStream(newStreamBody());
    expect(created.status).toBe(200);
    streamId = created.json.id;
  });

  it("a viewer opens the stream list, a stream's Settings and Health, and the Source; not the rest", async () => {
    const { cookie } = await userSessionCookie("viewer");
    for (const path of [
      "/log-streams",
      `/log-streams/${streamId}/settings`,
      `/log-streams/${streamId}/health`,
      "/source",
    ])
      expect(await sentTo(path, cookie), path).toBeNull();
    for (const path of ["/log-streams/new", "/settings", "/users", "/tokens", "/audit"])
      expect(await sentTo(path, cookie), path).toBe("/no-access");
  });

  it("an editor also creates streams; alert settings and users stay the admins'", async () => {
    const { cookie } = await userSessionCookie("editor");
    expect(await sentTo("/log-streams/new", cookie)).toBeNull();
    for (const path of ["/settings", "/users", "/tokens", "/audit"])
      expect(await sentTo(path, cookie), path).toBe("/no-access");
  });

  it("an admin opens every page", async () => {
    const { cookie } = await userSessionCookie("admin");
    for (const path of ["/log-streams/new", "/settings", "/users", "/tokens", "/audit", "/source"])
      expect(await sentTo(path, cookie), path).toBeNull();
  });

  it("a user without a role is asked to see an admin, on every page", async () => {
    const { cookie } = await userSessionCookie("none");
    for (const path of ["/log-streams", `/log-streams/${streamId}/settings`, "/source", "/users"])
      expect(await sentTo(path, cookie), path).toBe("/no-access");
    const page = await (await fetch(`${inject("appUrl")}/no-access`, { headers: { cookie } })).text();
    expect(page).toContain("Ask an admin for access");
  });
});
