import { toApiStream } from "@/lib/streams/serialize";
import { canDo, currentUser } from "@/lib/auth/session";
import { SettingsPanel } from "../../_components/settings-panel";
import { StreamSettingsReadOnly } from "../../_components/stream-settings-read-only";
import { readStreamForPage } from "../read-stream";

export default async function StreamSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const stream = toApiStream(await readStreamForPage((await params).id));
  // A viewer sees the settings, secrets masked as the API masks them, and no control.
  return canDo(await currentUser(), "editor") ? <SettingsPanel stream={stream} /> : <StreamSettingsReadOnly stream={stream} />;
}
