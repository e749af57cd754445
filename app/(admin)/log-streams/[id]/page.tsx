import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/session";

export default async function StreamPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("viewer");
  redirect(`/log-streams/${(await params).id}/settings`);
}
