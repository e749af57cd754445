import Link from "next/link";

export function BackToStreams() {
  return (
    <Link href="/log-streams" className="text-sm text-gray-500 hover:text-gray-800">
      ← Back to Log Streams
    </Link>
  );
}
