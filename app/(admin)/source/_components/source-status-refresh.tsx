"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";

/** The status is read on the server: the page is read again this often. */
const REFRESH_INTERVAL_MS = 5_000;

export function SourceStatusRefresh() {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), REFRESH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [router]);
  return null;
}
