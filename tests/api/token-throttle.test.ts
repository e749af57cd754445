// Wrong bearer tokens are throttled per client address, as the sign-in is: after repeated 401s the
// address is answered 429 with Retry-After before its token is looked at, a right one included,
// until the wait is over; other addresses never notice.
import { describe, expect, inject, it, vi } from "vitest";
import { requestFrom } from "../support/http-from";

const appUrl = inject("appUrl");
/** Free wrong tokens per address before the wait (tokenThrottle). */
const FREE_FAILURES = 10;

const ingestFrom = (address: string, token: string) =>
  requestFrom(address, `${appUrl}/api/v2/logs`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ log_id: `throttle-${address}-${Date.now()}-${Math.random()}`, data: { type: "s" } }),
  });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("wrong bearer tokens", () => {
  it("slow their address down with 429 and Retry-After, on every route that checks a token; a right token gets in after the wait", async () => {
    const guesser = "127.0.0.21";
    const neighbour = "127.0.0.22";
    const routes = [
      { method: "POST", path: "/api/v2/logs" },
      { method: "GET", path: "/api/v2/log-streams" },
      { method: "GET", path: "/metrics" },
      { method: "POST", path: "/api/dispatch" },
    ];
    for (let i = 0; i < FREE_FAILURES; i++) {
      const { method, path } = routes[i % routes.length]!;
      expect(
        (await requestFrom(guesser, `${appUrl}${path}`, { method, headers: bearer(`wrong-token-${i}`) })).status,
      ).toBe(401);
    }

    expect((await ingestFrom(guesser, inject("ingestToken"))).status).toBe(429);
    // Each wrong token after a wait doubles the next wait (1 s, 2 s, then 4 s: time enough to look).
    for (const retryAfter of ["1", "2"]) {
      let answer = await ingestFrom(guesser, "wrong-token");
      expect(answer).toMatchObject({ status: 429, headers: { "retry-after": retryAfter } });
      await vi.waitFor(async () => expect((answer = await ingestFrom(guesser, "wrong-token")).status).not.toBe(429), {
        timeout: 10_000,
        interval: 100,
      });
      expect(answer.status).toBe(401);
    }

    const refused = await Promise.all([
      ingestFrom(guesser, inject("ingestToken")),
      ...routes.map(({ method, path }) =>
        requestFrom(guesser, `${appUrl}${path}`, { method, headers: bearer(inject("apiToken")) }),
      ),
    ]);
    expect(refused.map((answer) => answer.status)).toEqual(refused.map(() => 429));
    expect(Number(refused[0]!.headers["retry-after"])).toBeGreaterThanOrEqual(2);
    expect(refused[0]!.json).toMatchObject({
      statusCode: 429,
      error: "Too Many Requests",
      errorCode: "too_many_requests",
    });
    expect((await ingestFrom(neighbour, inject("ingestToken"))).status).toBe(202);

    // Once the wait is over the right token gets in, and that forgets the address's failures.
    await vi.waitFor(async () => expect((await ingestFrom(guesser, inject("ingestToken"))).status).toBe(202), {
      timeout: 10_000,
      interval: 200,
    });
    expect((await ingestFrom(guesser, "wrong-token-again")).status).toBe(401);
    expect((await ingestFrom(guesser, inject("ingestToken"))).status).toBe(202);
  });
});
