import { redirect } from "next/navigation";
import { oidcSettings, providerName } from "@/lib/auth/oidc";
import { currentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";

/** What a failed single sign-on says: fixed texts by code, never what the provider or the query sent. */
const SSO_ERRORS: Record<string, string> = {
  sso: "Single sign-on did not complete. Try again; if it persists, the server log says why.",
  removed: "An admin removed your access. Ask an admin to give it back.",
  unavailable: "The identity provider cannot be reached right now. Try again later.",
};

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string }>;
}) {
  if (await currentUser()) redirect("/log-streams");
  const { next, error } = await searchParams;
  // Only a string is passed on: `?next=a&next=b` arrives as an array.
  const nextPath = typeof next === "string" ? next : undefined;
  const sso = oidcSettings();
  const isPasswordOn = env().LOGSTREAMS_PASSWORD_LOGIN === "on";
  const ssoError = typeof error === "string" ? SSO_ERRORS[error] : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6 rounded-lg border border-gray-200 bg-white p-8 shadow-sm dark:border-gray-800 dark:bg-gray-900">
        <div>
          <h1 className="text-xl font-semibold">Log Streams</h1>
          <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">
            {sso ? "Sign in to manage your streams." : "Sign in as the admin user to manage your streams."}
          </p>
        </div>
        {ssoError && (
          <p
            role="alert"
            className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-400"
          >
            {ssoError}
          </p>
        )}
        {sso && (
          <a
            href={`/auth/login${nextPath ? `?next=${encodeURIComponent(nextPath)}` : ""}`}
            className="flex w-full justify-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
          >
            {`Sign in with ${providerName(sso.issuer)}`}
          </a>
        )}
        {sso && isPasswordOn && (
          <p className="text-center text-xs text-gray-600 dark:text-gray-400">
            or, break-glass, with the admin password
          </p>
        )}
        {isPasswordOn && <LoginForm next={nextPath} />}
      </div>
    </main>
  );
}
