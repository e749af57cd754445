import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { signOut } from "../(admin)/actions";

export const dynamic = "force-dynamic";

/** Where a signed-in user lands whose role does not open the page they asked for, or who has no role yet. */
export default async function NoAccessPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  const who = user.email ?? user.name ?? "you";
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md space-y-4 rounded-lg border border-gray-200 bg-white p-8 shadow-sm dark:border-gray-800 dark:bg-gray-900">
        <h1 className="text-xl font-semibold">
          {user.role === "none" ? "Ask an admin for access" : "Not allowed for your role"}
        </h1>
        <p className="text-sm text-gray-700 dark:text-gray-300" data-testid="no-access">
          {user.role === "none"
            ? `You are signed in as ${who}, but have no role in Log Streams yet. Ask an admin to give you one on the Users page.`
            : `You are signed in as ${who} with the ${user.role} role, which cannot open that page.`}
        </p>
        <div className="flex gap-4 text-sm">
          {user.role !== "none" && (
            <Link href="/log-streams" className="text-indigo-700 hover:underline dark:text-indigo-300">
              Back to the streams
            </Link>
          )}
          <form action={signOut}>
            <button type="submit" className="text-gray-700 hover:underline dark:text-gray-300">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </main>
  );
}
