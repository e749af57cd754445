import { withApiToken } from "@/lib/api/handler";
import { auditQuerySchema, listAuditRecords, toApiAuditRecord } from "@/lib/audit/list";

// GET /api/v2/audit-log
export const GET = withApiToken(
  async (request) => {
    const { page, per_page, ...filter } = auditQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const { records } = await listAuditRecords(filter, page, per_page);
    return Response.json(records.map(toApiAuditRecord));
  },
  { scope: "read:audit_log" },
);
