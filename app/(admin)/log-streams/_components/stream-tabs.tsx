"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/cn";

export function StreamTabs({ id }: { id: string }) {
  const pathname = usePathname();
  const tabs = [
    { label: "Settings", href: `/log-streams/${id}/settings` },
    { label: "Health", href: `/log-streams/${id}/health` },
  ];
  return (
    <nav className="flex gap-6 border-b border-gray-200 dark:border-gray-800" aria-label="Stream sections">
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={pathname === tab.href ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-1 pb-3 text-sm font-medium",
            pathname === tab.href
              ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
              : "border-transparent text-gray-600 hover:text-gray-900 dark:text-gray-400 dark:hover:text-gray-100",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
