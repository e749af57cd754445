// Exits with one line naming the first missing or invalid environment variable.
import { env } from "@/lib/env";

try {
  env();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
