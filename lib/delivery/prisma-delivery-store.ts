import { db } from "@/lib/db/client";
import type { Filter } from "./batch";
import type { DeliveryStore } from "./delivery-store";
import type { PiiConfig } from "./pii";

/** Delivery's stream state through Prisma (PostgreSQL); progress goes through recordOutcome's transaction. */
export const prismaDeliveryStore: DeliveryStore = {
  async readLeasedStream(streamId, workerId) {
    const stream = await db().logStream.findFirst({
      where: { id: streamId, leaseOwner: workerId, status: "active" },
      select: { cursor: true, filters: true, piiConfig: true, type: true, region: true, apiKeyEncrypted: true, apiKeyLast4: true, datadogTags: true, sinkConfig: true, sinkSecretsEncrypted: true },
    });
    return stream && { ...stream, filters: stream.filters as Filter[], piiConfig: (stream.piiConfig as PiiConfig | null) ?? null };
  },
};
