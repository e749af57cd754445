// Entry of the SQLite writer thread: its TypeScript is loaded through tsx, as `npm run worker` loads its own.
import { register } from "tsx/esm/api";

register();
await import("./sqlite-writer-thread.ts");
