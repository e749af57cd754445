import type { SinkRow } from "@/lib/destinations/stored-sink";
import type { EventStore, JoinedEvents } from "@/lib/events/event-store";
import type { Filter } from "./batch";
import type { PiiConfig } from "./pii";

/** What a batch is built with: the stream's cursor and settings of that moment, its stored sink among them. */
export type DeliverySettings = { cursor: bigint; filters: Filter[]; piiConfig: PiiConfig | null } & Omit<SinkRow, "id">;

/** A batch without failures: the cursor moves, and the delivered are counted (`delayed` of them sent without their date). */
export type Progress = {
  streamId: string;
  workerId: string;
  cursor: bigint;
  delivered: number;
  delayed: number;
  now: Date;
};

/**
 * The stream state delivery reads and writes for every batch: one implementation per database
 * (sqlite-delivery-store.ts, postgres-delivery-store.ts), chosen once in store.ts.
 */
export type DeliveryStore = {
  /** The stream's delivery settings of this moment; null unless it is active and leased by `workerId`. */
  readLeasedStream(streamId: string, workerId: string): Promise<DeliverySettings | null>;
  /**
   * readLeasedStream, then EventStore.readJoined's read in the same round trip, where the database
   * can (PostgreSQL: one query of two statements, the stream's first).
   */
  readLeasedStreamAndJoined?(
    streamId: string,
    workerId: string,
    ...read: Parameters<NonNullable<EventStore["readJoined"]>>
  ): Promise<{ stream: DeliverySettings | null; joined: JoinedEvents }>;
  /**
   * Records a batch's progress under the stream's lease (LeaseLostError otherwise), where the
   * database has a faster way than recordOutcome's transaction (SQLite's writer thread, one PostgreSQL statement).
   */
  recordProgress?(progress: Progress): Promise<void>;
};

/** The minute a per-minute counter (StreamMinuteStat) of `date` falls in. */
export function minuteOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}
