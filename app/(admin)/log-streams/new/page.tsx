import { BackToStreams } from "@/components/back-link";
import { requireRole } from "@/lib/auth/session";
import { CreateWizard } from "../_components/create-wizard";

export default async function NewStreamPage() {
  await requireRole("editor");
  return (
    <div className="space-y-6">
      <div>
        <BackToStreams />
        <h1 className="mt-2 text-2xl font-semibold">Create Stream</h1>
      </div>
      <CreateWizard />
    </div>
  );
}
