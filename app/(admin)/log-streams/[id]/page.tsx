import { redirect } from "next/navigation";

export default async function StreamPage({ params }: { params: Promise<{ id: string }> }) {
  redirect(`/log-streams/${(await params).id}/settings`);
}
