// The loopback intake in its own process, so its gunzip/JSON work does not share the bench's event loop.
import { startIntakeServer } from "@/standins/intake-server";

const intake = await startIntakeServer({ keepItems: false });
process.send?.({ port: intake.port });
