import { toApiStream } from "@/lib/streams/serialize";
import { canDo, currentUser } from "@/lib/auth/session";
import { destinationOf } from "@/lib/destinations/registry";
import { SettingsPanel } from "../../_components/settings-panel";
import { StreamSettingsReadOnly } from "../../_components/stream-settings-read-only";
import { readStreamForPage } from "../read-stream";

export default async function StreamSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const stream = toApiStream(await readStreamForPage((await params).id));
  // A viewer sees the settings, secrets masked as the API masks them, and no control.
  if (!canDo(await currentUser(), "editor")) return <StreamSettingsReadOnly stream={stream} />;
  return (
    <SettingsPanel stream={stream} canCheckCredentials={destinationOf(stream.type).checkCredentials !== undefined} />
  );
}
