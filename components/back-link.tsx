import Link from "next/link";

export function BackToStreams() {
  return (
    <Link
      href="/log-streams"
      className="text-sm text-gray-600 hover:text-gray-900 dark:text-gray-400 dark:hover:text-gray-100"
    >
      ← Back to Log Streams
    </Link>
  );
}
