import { KeyRound } from "lucide-react";
import { Card } from "@/components/card";
import { PageHeading } from "@/components/page-heading";
import { Timestamp } from "@/components/timestamp";
import { isExpired, listApiTokens, type ApiTokenSummary } from "@/lib/auth/api-tokens";
import { requireRole } from "@/lib/auth/session";
import { CreateTokenForm } from "./_components/create-token-form";
import { RevokeTokenButton } from "./_components/revoke-token-button";
import { TableHead } from "@/components/table-head";

export const dynamic = "force-dynamic";

/** Named API tokens with scopes: created here (the secret shown once), listed without it, revoked. */
export default async function ApiTokensPage() {
  await requireRole("admin");
  const tokens = await listApiTokens();
  const now = new Date();
  return (
    <div className="space-y-6">
      <PageHeading title="API tokens">
        Bearer tokens for the Management API, ingestion and /metrics, each limited to the scopes it needs. The
        environment&apos;s tokens keep working beside them.
      </PageHeading>

      <Card
        title="Create a token"
        description="The token is shown once, right after it is created; only its hash is kept."
      >
        <CreateTokenForm />
      </Card>

      {tokens.length === 0 ? (
        <div className="rounded-lg border border-dashed border-gray-300 bg-white px-6 py-12 text-center dark:border-gray-700 dark:bg-gray-900">
          <KeyRound className="mx-auto h-8 w-8 text-gray-500 dark:text-gray-400" aria-hidden="true" />
          <h2 className="mt-4 text-base font-semibold">No API tokens yet</h2>
          <p className="mx-auto mt-1 max-w-md text-sm text-gray-600 dark:text-gray-400">
            Create one for each script or system that calls this server, with only the scopes it needs, so you can
            revoke it alone.
          </p>
        </div>
      ) : (
        <TokensTable tokens={tokens} now={now} />
      )}
    </div>
  );
}

function TokensTable({ tokens, now }: { tokens: ApiTokenSummary[]; now: Date }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm dark:border-gray-800 dark:bg-gray-900">
      <table className="min-w-full divide-y divide-gray-200 text-sm dark:divide-gray-800">
        <caption className="sr-only">API tokens</caption>
        <TableHead
          columns={["Name", "Scopes", "Created by", "Last used", "Expires", { hidden: "Actions" }]}
          cellClassName="px-6 py-3"
        />
        <tbody className="divide-y divide-gray-100 dark:divide-gray-800">
          {tokens.map((token) => (
            <tr key={token.id} data-testid="token-row">
              <td className="px-6 py-4 font-medium">{token.name}</td>
              <td className="px-6 py-4">
                <ul className="flex flex-wrap gap-1">
                  {token.scopes.map((scope) => (
                    <li key={scope}>
                      <code className="rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-800 dark:bg-gray-800 dark:text-gray-200">
                        {scope}
                      </code>
                    </li>
                  ))}
                </ul>
              </td>
              <td className="px-6 py-4 text-gray-700 dark:text-gray-300">
                {token.createdBy}
                <div className="text-xs text-gray-600 dark:text-gray-400">
                  <Timestamp at={token.createdAt} />
                </div>
              </td>
              <td className="px-6 py-4 text-gray-700 dark:text-gray-300">
                {token.lastUsedAt ? <Timestamp at={token.lastUsedAt} relativeTo={now} /> : "Never"}
              </td>
              <td className="px-6 py-4 text-gray-700 dark:text-gray-300">
                {token.expiresAt === null ? (
                  "Never"
                ) : (
                  <>
                    {isExpired(token, now) && (
                      <span className="mr-1 font-medium text-red-700 dark:text-red-400">Expired</span>
                    )}
                    <Timestamp at={token.expiresAt} />
                  </>
                )}
              </td>
              <td className="px-6 py-4 text-right">
                <RevokeTokenButton id={token.id} name={token.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
