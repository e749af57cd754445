import { describe, expect, it } from "vitest";
import { api, newStreamBody } from "../support/api";

const byName = async (name: string) =>
  ((await api.listStreams()).json as { name: string }[]).filter((s) => s.name === name);

describe("Management API: a stream's Datadog tags (sink.datadogTags)", () => {
  it("are saved lowercased and trimmed, returned in the sink, kept on a round trip and removed with null", async () => {
    const body = newStreamBody();
    const created = await api.createStream({ ...body, sink: { ...body.sink, datadogTags: " Env:Prod , team:iam" } });
    expect(created.status).toBe(200);
    expect(created.json.sink).toEqual({
      datadogApiKey: expect.stringMatching(/^••••/),
      datadogRegion: "us",
      datadogTags: "env:prod,team:iam",
    });
    const id = created.json.id as string;
    expect((await api.getStream(id)).json).toEqual(created.json);

    const roundTrip = await api.patchStream(id, { sink: created.json.sink });
    expect(roundTrip.json).toEqual(created.json);
    const regionOnly = await api.patchStream(id, { sink: { datadogRegion: "eu" } });
    expect(regionOnly.json.sink.datadogTags).toBe("env:prod,team:iam");

    const cleared = await api.patchStream(id, { sink: { datadogTags: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.json.sink).not.toHaveProperty("datadogTags");
    await api.deleteStream(id);
  });

  it("refuses tags that break Datadog's rules with a 400 naming the tag and the rule, and changes nothing", async () => {
    const body = newStreamBody();
    const refusedCreate = await api.createStream({
      ...body,
      sink: { ...body.sink, datadogTags: "env:prod,host:web-1" },
    });
    expect(refusedCreate.status).toBe(400);
    expect(refusedCreate.json).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: expect.stringMatching(/tag "host:web-1" uses the reserved key host.*on property sink\.datadogTags/),
      errorCode: "invalid_body",
    });
    expect(await byName(body.name)).toEqual([]);

    const created = await api.createStream({ ...body, sink: { ...body.sink, datadogTags: "env:prod" } });
    const id = created.json.id as string;
    for (const [tags, rule] of [
      ["env:prod,1team", /tag "1team" must start with a letter/],
      ["env:prod team:iam", /tag "env:prod team:iam" may only contain letters, digits and _ - : \. \//],
      [`env:${"x".repeat(200)}`, /is 204 characters; Datadog allows at most 200/],
      [42, /datadogTags must be a string/],
    ] as const) {
      const refused = await api.patchStream(id, { name: `${body.name} renamed`, sink: { datadogTags: tags } });
      expect(refused.status).toBe(400);
      expect(refused.json.message).toMatch(rule);
      expect((await api.getStream(id)).json).toEqual(created.json);
    }
    await api.deleteStream(id);
  });
});
