import { notFound } from "next/navigation";
import { cache } from "react";
import { ApiError } from "@/lib/api/errors";
import { requireAdmin } from "@/lib/auth/session";
import { getStreamOrThrow } from "@/lib/streams/streams";

/** For the stream's layout and pages: the admin session first, then the stream, or the 404 page; read once per request. */
export const readStreamForPage = cache(async (id: string) => {
  await requireAdmin();
  try {
    return await getStreamOrThrow(id);
  } catch (error) {
    if (error instanceof ApiError && error.errorCode === "inexistent_log_stream") notFound();
    throw error;
  }
});
