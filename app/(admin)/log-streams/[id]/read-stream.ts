import { notFound } from "next/navigation";
import { cache } from "react";
import { AppError } from "@/lib/errors/app-error";
import { requireRole } from "@/lib/auth/session";
import { getStreamOrThrow } from "@/lib/streams/streams";

/** For the stream's layout and pages: a signed-in viewer (or more) first, then the stream, or the 404 page; read once per request. */
export const readStreamForPage = cache(async (id: string) => {
  await requireRole("viewer");
  try {
    return await getStreamOrThrow(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "inexistent_log_stream") notFound();
    throw error;
  }
});
