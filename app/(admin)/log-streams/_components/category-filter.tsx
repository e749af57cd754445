"use client";

import { FILTER_CATEGORIES } from "@/lib/streams/categories";

type Filter = { type: "category"; name: string };

const GROUPS = [...new Set(FILTER_CATEGORIES.map((c) => c.group))];

/** Auth0's "Filter by Event Category": no box ticked means every event is sent. */
export function CategoryFilter({ value, onChange }: { value: Filter[]; onChange: (filters: Filter[]) => void }) {
  const selected = new Set(value.map((f) => f.name));
  function toggle(name: string) {
    const next = new Set(selected);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    onChange(FILTER_CATEGORIES.filter((c) => next.has(c.name)).map((c) => ({ type: "category", name: c.name })));
  }
  return (
    <fieldset className="space-y-4">
      <legend className="text-sm font-medium text-gray-800 dark:text-gray-200">Filter by Event Category</legend>
      <p className="text-xs text-gray-600 dark:text-gray-400">
        {selected.size === 0
          ? "All events are sent. Tick categories to send only those."
          : `${selected.size} selected: only these events are sent.`}
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        {GROUPS.map((group) => (
          <div key={group}>
            <p className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-gray-600 dark:text-gray-400">
              {group}
            </p>
            {FILTER_CATEGORIES.filter((c) => c.group === group).map((category) => (
              <label key={category.name} className="flex items-center gap-2 py-0.5 text-sm">
                <input
                  type="checkbox"
                  checked={selected.has(category.name)}
                  onChange={() => toggle(category.name)}
                  className="rounded border-gray-300"
                />
                {category.label}
              </label>
            ))}
          </div>
        ))}
      </div>
    </fieldset>
  );
}
