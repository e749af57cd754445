import { cn } from "@/lib/cn";

const STYLES: Record<string, string> = {
  active: "bg-green-50 text-green-700 ring-green-600/20",
  paused: "bg-gray-100 text-gray-700 ring-gray-500/20",
  suspended: "bg-red-50 text-red-700 ring-red-600/20",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={cn("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium capitalize ring-1 ring-inset", STYLES[status])}>
      {status}
    </span>
  );
}
