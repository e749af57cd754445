import Link from "next/link";
import type { ReactNode } from "react";
import { LogOut } from "lucide-react";
import { canDo, requireRole } from "@/lib/auth/session";
import { signOut } from "./actions";

export const dynamic = "force-dynamic";

/** The pages of the nav; an admin-only one is not shown to other roles (the page checks the role itself). */
const NAV_LINKS = [
  { href: "/log-streams", label: "Streams", isAdminOnly: false },
  { href: "/source", label: "Source", isAdminOnly: false },
  { href: "/settings", label: "Settings", isAdminOnly: true },
  { href: "/users", label: "Users", isAdminOnly: true },
  { href: "/tokens", label: "API tokens", isAdminOnly: true },
  { href: "/audit", label: "Audit log", isAdminOnly: true },
];

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
              {NAV_LINKS.filter((link) => isAdmin || !link.isAdminOnly).map(({ href, label }, index) => (
                <Link
                  key={href}
                  href={href}
                  className={
                    index === 0
                      ? "hover:text-gray-900 dark:hover:text-white"
                      : "ml-6 hover:text-gray-900 dark:hover:text-white"
                  }
                >
                  {label}
                </Link>
              ))}
            </nav>
          </div>
          <form action={signOut} className="flex items-center gap-4">
            <span className="text-sm text-gray-600 dark:text-gray-400" data-testid="signed-in-as">
              {`${user.email ?? user.name ?? "signed in"} · ${user.role}`}
            </span>
            <button
              type="submit"
              className="inline-flex items-center gap-1.5 text-sm text-gray-700 hover:text-gray-900 dark:text-gray-300 dark:hover:text-white"
            >
              <LogOut className="h-4 w-4" /> Sign out
            </button>
          </form>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}
