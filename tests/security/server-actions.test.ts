import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, newStreamBody, randomSuffix } from "../support/api";
import { fakeDatadogApiKey } from "../support/fake-key";
import {
  adminSessionCookie,
  callServerAction,
  FORGED_SESSION_COOKIE,
  isSentToLogin,
  serverActionIds,
  userSessionCookie,
} from "../support/server-actions";

const STREAMS = "app/(admin)/log-streams/actions.ts";
const SETTINGS = "app/(admin)/settings/actions.ts";
const SOURCE = "app/(admin)/source/actions.ts";
const LOGIN = "app/login/actions.ts";
const HEADER = "app/(admin)/actions.ts";
const TOKENS = "app/(admin)/tokens/actions.ts";
const USERS = "app/(admin)/users/actions.ts";
const WEBHOOK_URL = `https://hooks.example.test/services/${randomSuffix()}`;

/**
 * Every server action of the build, with arguments a hostile caller could send: wrong types, values
 * the dashboard never offers, Prisma operator objects, missing fields. `streamId` is a real stream.
 */
function hostileCalls(streamId: string): Record<string, unknown[][]> {
  const sink = { datadogApiKey: fakeDatadogApiKey(), datadogRegion: "us" };
  return {
    [`${STREAMS}#checkStreamName`]: [[{ name: 12345 }], [{ name: { contains: "" } }], [{}], ["plain name"]],
    [`${STREAMS}#createStreamAction`]: [
      [{ ...newStreamBody(), sink: { datadogApiKey: 12345, datadogRegion: "us" } }],
      [{ ...newStreamBody(), name: `Pr\u043Ed ${randomSuffix()}` }],
      [{ ...newStreamBody(), status: "suspended" }],
      [{ name: `missing sink ${randomSuffix()}`, type: "datadog" }],
      [{ ...newStreamBody(), type: "http", sink: { httpEndpoint: "ftp://hooks.example.test/x" } }],
      [{ ...newStreamBody(), type: "splunk", sink: { splunkDomain: "https://splunk.example.test/", splunkToken: "" } }],
      [{ ...newStreamBody(), type: "sumo", sink: { sumoSourceAddress: "https://collectors.example.test/elsewhere" } }],
      [{ ...newStreamBody(), type: "segment", sink: {} }],
    ],
    [`${STREAMS}#updateStreamAction`]: [
      [{ streamId, sink, status: "suspended" }],
      [{ streamId, sink: { ...sink, datadogApiKey: 12345 } }],
      [{ streamId, sink, name: { set: "x" } }],
      [{ sink, name: "no stream id" }],
      [{ streamId, sink: { httpEndpoint: "https://hooks.example.test/x" } }],
      [{ streamId, sink: { ...sink, datadogApiKey: "" }, unknownField: 1 }],
    ],
    [`${STREAMS}#setStreamStatusAction`]: [
      [{ streamId, status: "suspended" }],
      [{ streamId, status: "<img src=x onerror=alert(1)>" }],
      [{ streamId, status: { not: "active" } }],
      [{ streamId }],
      [streamId, "suspended"],
      [streamId, { not: "active" }],
    ],
    [`${STREAMS}#deleteStreamAction`]: [
      [{ streamId }],
      [{ streamId, confirmation: { not: "" } }],
      [{ streamId: { startsWith: "lst_" }, confirmation: "x" }],
    ],
    [`${STREAMS}#sendTestEventAction`]: [
      [{ streamId, type: "datadog", sink: { datadogApiKey: 12345 } }],
      [{ streamId, type: { equals: "datadog" } }],
      [{ streamId }],
      [{ type: "http", sink: { httpEndpoint: "javascript:alert(1)" } }],
      [{ streamId, type: "datadog", sink: "not an object" }],
    ],
    [`${STREAMS}#checkCredentialsAction`]: [
      [{ streamId, type: "datadog", sink: { datadogApiKey: 12345 } }],
      [{ type: "datadog", sink: { datadogApiKey: fakeDatadogApiKey(), datadogRegion: "nowhere" } }],
      [{ type: "splunk", sink: { splunkDomain: "https://splunk.example.test/", splunkToken: "x" } }],
      [{}],
    ],
    [`${STREAMS}#countWaitingAction`]: [[{ streamId: { not: "" } }], [{}]],
    [`${STREAMS}#skipToNowAction`]: [[{ streamId: { not: "" } }], [{}], [streamId]],
    [`${STREAMS}#replayFailureAction`]: [[{ streamId }], [{ streamId, failureId: { not: "" } }]],
    [`${STREAMS}#replayAllFailuresAction`]: [[{ streamId: 5 }], [{}]],
    [`${STREAMS}#countDelayedAction`]: [
      [{ streamId, sending: "everything" }],
      [{ streamId, sending: { failureId: 5 } }],
    ],
    [`${SETTINGS}#saveAlertWebhookAction`]: [[{ url: 12345 }], [12345], [{}], [{ url: "javascript:alert(1)" }]],
    [`${SETTINGS}#sendTestAlertAction`]: [[{ url: WEBHOOK_URL }]],
    [`${SOURCE}#saveSourceAction`]: [
      [{ domain: 12345, clientId: "", clientSecret: "" }],
      [{}],
      [{ domain: "", clientId: "", clientSecret: "", extra: 1 }],
    ],
    [`${SOURCE}#testConnectionAction`]: [[{ domain: { not: "" }, clientId: "", clientSecret: "" }], [{}]],
    [`${TOKENS}#createApiTokenAction`]: [
      [{ name: `hostile ${randomSuffix()}`, scopes: ["read:log_streams", "admin:everything"], expiresInDays: null }],
      [{ name: { not: "" }, scopes: ["read:log_streams"], expiresInDays: null }],
      [{ name: `hostile ${randomSuffix()}`, scopes: "read:log_streams", expiresInDays: 7 }],
      [{ name: `hostile ${randomSuffix()}`, scopes: ["read:log_streams"], expiresInDays: -1 }],
      [
        {
          name: `hostile ${randomSuffix()}`,
          scopes: ["read:log_streams"],
          expiresInDays: null,
          createdBy: "someone else",
        },
      ],
    ],
    [`${TOKENS}#revokeApiTokenAction`]: [[{ id: { not: "" } }], [{}], ["tok_0000000000000000"]],
    [`${USERS}#setUserRoleAction`]: [
      [{ userId: "usr_x", role: "owner" }],
      [{ userId: { not: "" }, role: "admin" }],
      [{ role: "admin" }],
      ["usr_x", "admin"],
    ],
    [`${USERS}#removeUserAction`]: [[{ userId: { not: "" } }], [{}], [{ userId: "usr_admin", extra: 1 }]],
    [`${LOGIN}#signIn`]: [
      [null, { username: 12345, password: "x" }],
      [null, { username: "admin", password: { not: "" } }],
      [null, "admin"],
    ],
  };
}

/** A valid call of each action, to show that without a session it is refused before it does anything. */
function validCalls(streamId: string): Record<string, unknown[]> {
  return {
    [`${STREAMS}#checkStreamName`]: [{ name: "any name" }],
    [`${STREAMS}#createStreamAction`]: [newStreamBody()],
    [`${STREAMS}#updateStreamAction`]: [
      { streamId, name: `renamed ${randomSuffix()}`, sink: { datadogApiKey: "", datadogRegion: "eu" } },
    ],
    [`${STREAMS}#setStreamStatusAction`]: [{ streamId, status: "paused" }],
    [`${STREAMS}#deleteStreamAction`]: [{ streamId, confirmation: "ignored" }],
    [`${STREAMS}#sendTestEventAction`]: [{ streamId, type: "datadog" }],
    [`${STREAMS}#checkCredentialsAction`]: [{ streamId, type: "datadog" }],
    [`${STREAMS}#countWaitingAction`]: [{ streamId }],
    [`${STREAMS}#skipToNowAction`]: [{ streamId }],
    [`${STREAMS}#replayFailureAction`]: [{ streamId, failureId: "dfl_0000000000000000" }],
    [`${STREAMS}#replayAllFailuresAction`]: [{ streamId }],
    [`${STREAMS}#countDelayedAction`]: [{ streamId, sending: "resume" }],
    [`${SETTINGS}#saveAlertWebhookAction`]: [{ url: "" }],
    [`${SETTINGS}#sendTestAlertAction`]: [undefined],
    [`${SOURCE}#saveSourceAction`]: [{ domain: "", clientId: "", clientSecret: "" }],
    [`${SOURCE}#testConnectionAction`]: [{ domain: "", clientId: "", clientSecret: "" }],
    [`${TOKENS}#createApiTokenAction`]: [
      { name: `no session ${randomSuffix()}`, scopes: ["read:log_streams"], expiresInDays: null },
    ],
    [`${TOKENS}#revokeApiTokenAction`]: [{ id: "tok_0000000000000000" }],
    [`${USERS}#setUserRoleAction`]: [{ userId: "usr_0000000000000000", role: "admin" }],
    [`${USERS}#removeUserAction`]: [{ userId: "usr_0000000000000000" }],
    [`${HEADER}#signOut`]: [],
  };
}

describe("server actions called directly over HTTP", () => {
  const ids = serverActionIds();
  let cookie = "";
  let streamId = "";

  /** What the actions could change: the stream as the API shows it, the alert webhook as the Settings page shows it, the Auth0 source. */
  async function snapshot() {
    const stream = await api.getStream(streamId);
    const streams = (await api.listStreams()).json as { name: string }[];
    const settings = await (await fetch(`${inject("appUrl")}/settings`, { headers: { cookie } })).text();
    const source = await (await fetch(`${inject("appUrl")}/source`, { headers: { cookie } })).text();
    return {
      stream: stream.json,
      hostileNames: streams.map((s) => s.name).filter((name) => /missing sink|Pr\u043Ed/.test(name)),
      webhook: settings.match(/data-testid="alert-webhook-current"[^>]*>(.*?)<\/p>/)?.[1],
      source:
        source.match(/id="source-domain"[^>]*value="([^"]*)"/)?.[1] ??
        source.match(/value="([^"]*)"[^>]*id="source-domain"/)?.[1] ??
        null,
    };
  }

  beforeAll(async () => {
    cookie = await adminSessionCookie();
    const created = await api.createStream(
      newStreamBody({ filters: [{ type: "category", name: "auth.signup.fail" }] }),
    );
    expect(created.status).toBe(200);
    streamId = created.json.id;
    const saved = await callServerAction(ids.get(`${SETTINGS}#saveAlertWebhookAction`)!, [{ url: WEBHOOK_URL }], {
      cookie,
    });
    expect(saved.value).toMatchObject({ ok: true });
  });

  it("finds every action of app/ in the build, and each has hostile and valid calls here", () => {
    const known = new Set([...Object.keys(hostileCalls("lst_x")), ...Object.keys(validCalls("lst_x"))]);
    expect([...ids.keys()].filter((key) => !known.has(key))).toEqual([]);
    expect(ids.size).toBeGreaterThanOrEqual(18);
  });

  it("with a session: hostile arguments get a clear validation result and change nothing", async () => {
    const before = await snapshot();
    expect(before.webhook).toContain("hooks.example.test");
    expect(before.stream).toMatchObject({ id: streamId, status: "active" });
    expect(before.source).not.toBeNull();
    for (const [key, calls] of Object.entries(hostileCalls(streamId))) {
      for (const args of calls) {
        const call = await callServerAction(ids.get(key)!, args, {
          cookie,
          path: key.startsWith(LOGIN) ? "/login" : "/log-streams",
        });
        expect(call.status, `${key} ${JSON.stringify(args)}`).toBe(200);
        expect(call.value, `${key} ${JSON.stringify(args)}`).toMatchObject({
          ok: false,
          code: "invalid_body",
          message: expect.stringMatching(/^Check the values: /),
        });
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("names the look-alike letters' scripts, the same words as the API", async () => {
    const name = `Pr\u043Ed ${randomSuffix()}`;
    const call = await callServerAction(ids.get(`${STREAMS}#createStreamAction`)!, [newStreamBody({ name })], {
      cookie,
    });
    expect(call.value).toMatchObject({
      ok: false,
      fieldErrors: { name: expect.stringContaining("The name mixes scripts (Latin and Cyrillic)") },
    });
    const viaApi = await api.createStream(newStreamBody({ name }));
    expect(viaApi.status).toBe(400);
    expect(viaApi.json).toMatchObject({
      errorCode: "invalid_body",
      message: expect.stringContaining("The name mixes scripts (Latin and Cyrillic)"),
    });
    const names = ((await api.listStreams()).json as { name: string }[]).map((stream) => stream.name);
    expect(names).not.toContain(name);
  });

  it("without a session: every action is refused and nothing changes", async () => {
    const before = await snapshot();
    for (const [key, args] of Object.entries(validCalls(streamId))) {
      // A forged cookie passes the proxy: the action's own check must refuse it.
      const forged = await callServerAction(ids.get(key)!, args, { cookie: FORGED_SESSION_COOKIE });
      expect(isSentToLogin(forged), `${key}: ${forged.status} ${forged.redirect} ${JSON.stringify(forged.value)}`).toBe(
        true,
      );
      const none = await callServerAction(ids.get(key)!, args);
      expect(none.status, key).toBe(307);
      expect(none.redirect, key).toMatch(/^\/login/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("a viewer: every action that changes or reads beyond viewing is refused, and nothing changes", async () => {
    const before = await snapshot();
    const viewer = await userSessionCookie("viewer");
    for (const [key, args] of Object.entries(validCalls(streamId))) {
      if (key === `${HEADER}#signOut`) continue; // a viewer may end their own session
      const call = await callServerAction(ids.get(key)!, args, { cookie: viewer.cookie });
      expect(call.value, `${key}: ${call.status} ${call.redirect}`).toEqual({
        ok: false,
        code: "forbidden",
        message: expect.stringContaining("Your role does not allow this"),
        fieldErrors: {},
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("an editor: the source, alert settings and users are refused; stream actions are allowed", async () => {
    const editor = await userSessionCookie("editor");
    for (const key of Object.keys(validCalls(streamId)).filter(
      (k) => k.startsWith(SETTINGS) || k.startsWith(SOURCE) || k.startsWith(USERS),
    )) {
      const call = await callServerAction(ids.get(key)!, validCalls(streamId)[key]!, { cookie: editor.cookie });
      expect(call.value, key).toMatchObject({ ok: false, code: "forbidden" });
    }
    const count = await callServerAction(ids.get(`${STREAMS}#countWaitingAction`)!, [{ streamId }], {
      cookie: editor.cookie,
    });
    expect(count.value).toMatchObject({ ok: true });
  });

  it("a user without a role (waiting for an admin) is refused every action but sign-out", async () => {
    const waiting = await userSessionCookie("none");
    const call = await callServerAction(ids.get(`${STREAMS}#countWaitingAction`)!, [{ streamId }], {
      cookie: waiting.cookie,
    });
    expect(call.value).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("sign-in needs no session and answers with the same result type", async () => {
    const call = await callServerAction(ids.get(`${LOGIN}#signIn`)!, [null, { username: "admin", password: "wrong" }], {
      path: "/login",
    });
    expect(call.value).toEqual({
      ok: false,
      code: "unauthorized",
      message: "Wrong username or password.",
      fieldErrors: {},
    });
  });
});
