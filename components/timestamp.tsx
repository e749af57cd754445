import { formatRelative, formatTime, type Moment } from "@/lib/format/time";

/**
 * A time as the UI shows it: UTC text in a <time> element, the exact second on hover. It renders the
 * same on the server and in the browser, so it hydrates cleanly whatever the browser's timezone.
 * `relativeTo` ("5 min ago") must come from the server (the moment it read the data), never from a
 * clock read while rendering: the browser's would differ from the server's.
 */
export function Timestamp({ at, relativeTo }: { at: Moment; relativeTo?: Moment }) {
  const iso = new Date(at).toISOString();
  return (
    <time dateTime={iso} title={formatTime(iso, { seconds: true })}>
      {relativeTo === undefined ? formatTime(iso) : formatRelative(iso, relativeTo)}
    </time>
  );
}
