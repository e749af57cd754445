import Link from "next/link";
import { CreateWizard } from "../_components/create-wizard";

export default function NewStreamPage() {
  return (
    <div className="space-y-6">
      <div>
        <Link href="/log-streams" className="text-sm text-gray-500 hover:text-gray-800">
          ← Back to Log Streams
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">Create Stream</h1>
      </div>
      <CreateWizard />
    </div>
  );
}
