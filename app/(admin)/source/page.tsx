import { Card } from "@/components/card";
import { Timestamp } from "@/components/timestamp";
import { readSourceSettings } from "@/lib/sources/auth0/settings";
import { readSourceStatus } from "@/lib/sources/auth0/source-store";
import { canDo, requireRole } from "@/lib/auth/session";
import { formatCount } from "@/lib/format/count";
import { formatDuration } from "@/lib/format/time";
import { SourceForm } from "./_components/source-form";
import { SourceStatusRefresh } from "./_components/source-status-refresh";

export const dynamic = "force-dynamic";

const time = (date: Date | null) => (date ? <Timestamp at={date} /> : "never");

/** Where events come from besides the webhook: an Auth0 tenant the app pulls logs from. */
export default async function SourcePage() {
  const user = await requireRole("viewer");
  const [settings, status] = await Promise.all([readSourceSettings(), readSourceStatus()]);
  const isSetUp = settings.origin !== null;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Source</h1>
      {canDo(user, "admin") && (
        <Card
          title="Auth0 tenant"
          description="Pull logs straight from your tenant (Management API, by checkpoint): no public address needed. Events posted by a Custom Webhook stream to /api/v2/logs keep arriving too; a log that comes both ways is kept and delivered once."
        >
          <SourceForm
            isFromEnv={settings.origin === "env"}
            domain={settings.domain}
            clientId={settings.clientId}
            hasClientSecret={settings.hasClientSecret}
          />
          {settings.isSecretUnreadable && (
            <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
              The stored client secret cannot be decrypted: LOGSTREAMS_SECRET differs from the one it was saved with, or
              it was saved for another domain. Enter the secret again.
            </p>
          )}
        </Card>
      )}
      <Card title="Status">
        <SourceStatusRefresh />
        {!isSetUp ? (
          <p className="text-sm text-gray-700 dark:text-gray-300">Not pulling: no tenant is set up.</p>
        ) : (
          <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm" data-testid="source-status">
            <dt className="text-gray-600 dark:text-gray-400">Checkpoint</dt>
            <dd className="font-mono text-xs break-all">
              {status.checkpoint ?? "none yet: the first pull starts at the tenant's oldest log"}
            </dd>
            <dt className="text-gray-600 dark:text-gray-400">Last poll</dt>
            <dd>{time(status.lastPollAt)}</dd>
            <dt className="text-gray-600 dark:text-gray-400">Logs pulled</dt>
            <dd>{formatCount(status.logsPulled)}</dd>
            <dt className="text-gray-600 dark:text-gray-400">Lag</dt>
            <dd>
              {status.lagSeconds === null
                ? "unknown"
                : status.lagSeconds === 0
                  ? "caught up"
                  : `${formatDuration(status.lagSeconds * 1000)} behind`}
            </dd>
            <dt className="text-gray-600 dark:text-gray-400">Last error</dt>
            <dd
              data-testid="source-last-error"
              className={status.lastError ? "text-red-700 dark:text-red-400" : undefined}
            >
              {status.lastError ? (
                <>
                  {status.lastError} ({time(status.lastErrorAt)})
                </>
              ) : (
                "none"
              )}
            </dd>
          </dl>
        )}
      </Card>
    </div>
  );
}
