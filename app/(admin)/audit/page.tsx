import Link from "next/link";
import { Field, INPUT_CLASS } from "@/components/field";
import { PageHeading } from "@/components/page-heading";
import { Timestamp } from "@/components/timestamp";
import {
  listAuditRecords,
  MAX_AUDIT_PAGE,
  readAuditFilter,
  toApiAuditRecord,
  type ApiAuditRecord,
  type AuditFilter,
} from "@/lib/audit/list";
import { AUDIT_ACTIONS } from "@/lib/audit/record";
import { requireRole } from "@/lib/auth/session";
import { TableHead } from "@/components/table-head";

export const dynamic = "force-dynamic";

const RECORDS_PER_PAGE = 50;

/** The page number a query string asks for: 0 unless a whole number, at most MAX_AUDIT_PAGE. */
function toPageNumber(value: unknown): number {
  const page = typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) : 0;
  return Math.min(page, MAX_AUDIT_PAGE);
}

/** The link to another page of the same filtered list. */
function pageHref(filter: AuditFilter, page: number): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) if (value) query.set(name, value);
  query.set("page", String(page));
  return `?${query.toString()}`;
}

const asText = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** A record's changes in words: `field: from → to`, or the value alone (a secret's is only "changed"). */
function describeChanges(changes: ApiAuditRecord["changes"]): string[] {
  if (!changes) return [];
  return Object.entries(changes).map(([field, change]) => {
    if (change !== null && typeof change === "object" && "from" in change && "to" in change)
      return `${field}: ${asText(change.from)} → ${asText(change.to)}`;
    return `${field}: ${asText(change)}`;
  });
}

const CELL = "px-4 py-3 align-top";

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireRole("admin");
  const query = await searchParams;
  const filter = readAuditFilter(query);
  let page = toPageNumber(query.page);
  let { records, total } = await listAuditRecords(filter, page, RECORDS_PER_PAGE);
  const pageCount = Math.max(1, Math.ceil(total / RECORDS_PER_PAGE));
  // Past the last page (an old link, a typed number): show the last one.
  if (page >= pageCount) {
    page = pageCount - 1;
    ({ records, total } = await listAuditRecords(filter, page, RECORDS_PER_PAGE));
  }
  const isFiltered = Boolean(filter.actor || filter.target || filter.action);
  return (
    <div className="space-y-6">
      <PageHeading title="Audit log">
        Every change, newest first: who made it, from where, and what changed. Secrets only ever show as
        &ldquo;changed&rdquo;.
      </PageHeading>
      <AuditFilterForm filter={filter} isFiltered={isFiltered} />
      {records.length === 0 ? (
        <p
          className="rounded-md border border-dashed border-gray-300 p-6 text-center text-sm text-gray-600 dark:border-gray-700 dark:text-gray-400"
          data-testid="audit-empty"
        >
          {isFiltered
            ? "No audit records match these filters."
            : "Nothing has been recorded yet: changes to streams, settings and sign-ins appear here."}
        </p>
      ) : (
        <AuditTable records={records.map(toApiAuditRecord)} />
      )}
      {pageCount > 1 && (
        <nav aria-label="Audit log pages" className="flex items-center justify-between text-sm">
          <span className="text-gray-600 dark:text-gray-400">
            Page {page + 1} of {pageCount}
          </span>
          <div className="flex gap-4">
            {page > 0 && (
              <Link href={pageHref(filter, page - 1)} className="text-indigo-700 dark:text-indigo-300">
                ← Newer
              </Link>
            )}
            {page + 1 < pageCount && (
              <Link href={pageHref(filter, page + 1)} className="text-indigo-700 dark:text-indigo-300">
                Older →
              </Link>
            )}
          </div>
        </nav>
      )}
    </div>
  );
}

/** The filters typed as text; the action is picked from a list. */
const TEXT_FILTERS = [
  { name: "actor", label: "Actor", placeholder: "admin, a token's name, system" },
  { name: "target", label: "Target", placeholder: "a stream's id or name, stream, source…" },
] as const;

/** Narrow the list by actor, target or action; the filter travels in the query string. */
function AuditFilterForm({ filter, isFiltered }: { filter: AuditFilter; isFiltered: boolean }) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-4" aria-label="Filter the audit log">
      {TEXT_FILTERS.map(({ name, label, placeholder }) => (
        <Field key={name} label={label} htmlFor={`audit-${name}`}>
          <input
            id={`audit-${name}`}
            name={name}
            defaultValue={filter[name] ?? ""}
            placeholder={placeholder}
            maxLength={320}
            className={INPUT_CLASS}
          />
        </Field>
      ))}
      <Field label="Action" htmlFor="audit-action">
        <select id="audit-action" name="action" defaultValue={filter.action ?? ""} className={INPUT_CLASS}>
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </Field>
      <button
        type="submit"
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
      >
        Filter
      </button>
      {isFiltered && (
        <Link href="/audit" className="py-2 text-sm text-indigo-700 dark:text-indigo-300">
          Clear filters
        </Link>
      )}
    </form>
  );
}

function AuditTable({ records }: { records: ApiAuditRecord[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm dark:border-gray-800 dark:bg-gray-900">
      <table className="min-w-full divide-y divide-gray-200 text-sm dark:divide-gray-800">
        <caption className="sr-only">Audit records, newest first</caption>
        <TableHead columns={["Time", "Actor", "Address", "Action", "Target", "Changes"]} cellClassName="px-4 py-3" />
        <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
          {records.map((record) => (
            <tr key={record.id} data-testid="audit-row">
              <td className={`${CELL} whitespace-nowrap`}>
                <Timestamp at={record.at} />
              </td>
              <td className={CELL}>
                {record.actor.name}{" "}
                <span className="text-xs text-gray-600 dark:text-gray-400">({record.actor.kind})</span>
              </td>
              <td className={`${CELL} font-mono text-xs`}>{record.address ?? "—"}</td>
              <td className={`${CELL} font-mono text-xs`}>{record.action}</td>
              <td className={CELL}>
                {record.target.name ?? record.target.type}
                {record.target.id && (
                  <div className="font-mono text-xs text-gray-600 dark:text-gray-400">{record.target.id}</div>
                )}
              </td>
              <td className={`${CELL} font-mono text-xs break-all`}>
                {describeChanges(record.changes).map((line) => (
                  <div key={line}>{line}</div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
