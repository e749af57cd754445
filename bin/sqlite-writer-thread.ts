// The SQLite writer thread's entry (see lib/db/sqlite-writer.ts), bundled by tools/build-workers.mjs:
// the modules that register writer jobs, then the loop that runs them.
import "@/lib/ingest/ingest";
import "@/lib/delivery/sqlite-delivery-store";
import { serveWriterJobs } from "@/lib/db/sqlite-writer-thread";
import { warmUpIngest } from "@/lib/ingest/warm-up";

void serveWriterJobs(warmUpIngest);
