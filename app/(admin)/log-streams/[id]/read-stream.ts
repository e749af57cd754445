import { notFound } from "next/navigation";
import { cache } from "react";
import { AppError } from "@/lib/errors/app-error";
import { requireAdmin } from "@/lib/auth/session";
import { getStreamOrThrow } from "@/lib/streams/streams";

/** For the stream's layout and pages: the admin session first, then the stream, or the 404 page; read once per request. */
export const readStreamForPage = cache(async (id: string) => {
  await requireAdmin();
  try {
    return await getStreamOrThrow(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "inexistent_log_stream") notFound();
    throw error;
  }
});
