import Link from "next/link";
import type { ReactNode } from "react";
import { LogOut } from "lucide-react";
import { canDo, requireRole } from "@/lib/auth/session";
import { signOut } from "./actions";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireRole("viewer");
  const isAdmin = canDo(user, "admin");
  return (
    <div className="min-h-screen">
      <header className="border-b border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between px-6">
          <div className="flex items-center gap-8">
            <Link href="/log-streams" className="font-semibold">
              Log Streams
            </Link>
            <nav aria-label="Main" className="text-sm text-gray-700 dark:text-gray-300">
              <Link href="/log-streams" className="hover:text-gray-900 dark:hover:text-white">
                Streams
              </Link>
              <Link href="/source" className="ml-6 hover:text-gray-900 dark:hover:text-white">
                Source
              </Link>
              {isAdmin && (
                <>
                  <Link href="/settings" className="ml-6 hover:text-gray-900 dark:hover:text-white">
                    Settings
                  </Link>
                  <Link href="/users" className="ml-6 hover:text-gray-900 dark:hover:text-white">
                    Users
                  </Link>
                  <Link href="/tokens" className="ml-6 hover:text-gray-900 dark:hover:text-white">
                    API tokens
                  </Link>
                  <Link href="/audit" className="ml-6 hover:text-gray-900 dark:hover:text-white">
                    Audit log
                  </Link>
                </>
              )}
            </nav>
          </div>
          <form action={signOut} className="flex items-center gap-4">
            <span className="text-sm text-gray-600 dark:text-gray-400" data-testid="signed-in-as">
              {`${user.email ?? user.name ?? "signed in"} · ${user.role}`}
            </span>
            <button type="submit" className="inline-flex items-center gap-1.5 text-sm text-gray-700 hover:text-gray-900 dark:text-gray-300 dark:hover:text-white">
              <LogOut className="h-4 w-4" /> Sign out
            </button>
          </form>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}
