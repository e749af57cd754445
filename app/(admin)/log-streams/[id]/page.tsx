import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";

export default async function StreamPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  redirect(`/log-streams/${(await params).id}/settings`);
}
