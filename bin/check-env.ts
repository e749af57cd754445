// Exits with one line naming the first missing or invalid environment variable.
import { envOrExit } from "@/lib/env";

envOrExit();
