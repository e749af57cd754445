import type { ReactNode } from "react";

/** A page's title and, below it, what the page is for. */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children && <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">{children}</p>}
    </div>
  );
}
