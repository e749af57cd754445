import { countDelayedAction } from "../actions";

/**
 * Before Resume, Retry or Retry all: when the events to send include some older than Datadog's
 * 18-hour window, says what will happen to them and asks. True to go on.
 */
export async function confirmDelayedSending(streamId: string, sending: Parameters<typeof countDelayedAction>[1], action: string): Promise<boolean> {
  const result = await countDelayedAction(streamId, sending);
  // When the count fails the action itself reports the problem.
  if (!result.ok || result.data === 0) return true;
  const count = result.data === 1 ? "1 event" : `${result.data.toLocaleString("en-US")} events`;
  return window.confirm(
    `${count} to send ${result.data === 1 ? "is" : "are"} older than 18 hours, and Datadog drops logs dated that far back. ` +
      `They will be sent without their date: Datadog stamps them with the time they arrive, and they are marked ` +
      `log_streams.delayed:true, with their own time in log_streams.original_date and data.date. ${action} anyway?`,
  );
}
