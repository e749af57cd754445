import { checkDatabaseReady } from "@/lib/db/health";

export const dynamic = "force-dynamic";

// GET /healthz
export async function GET() {
  const ready = await checkDatabaseReady();
  return Response.json(ready ? { status: "ok" } : { status: "unavailable" }, { status: ready ? 200 : 503 });
}
