import { BackToStreams } from "@/components/back-link";
import { requireRole } from "@/lib/auth/session";
import { destinationOf } from "@/lib/destinations/registry";
import { STREAM_TYPES } from "@/lib/destinations/sinks";
import { CreateWizard } from "../_components/create-wizard";

export default async function NewStreamPage() {
  await requireRole("editor");
  const checkableTypes = STREAM_TYPES.filter((type) => destinationOf(type).checkCredentials !== undefined);
  return (
    <div className="space-y-6">
      <div>
        <BackToStreams />
        <h1 className="mt-2 text-2xl font-semibold">Create Stream</h1>
      </div>
      <CreateWizard checkableTypes={checkableTypes} />
    </div>
  );
}
