import { getStreamOrThrow } from "@/lib/streams/streams";
import { toApiStream } from "@/lib/streams/serialize";
import { SettingsPanel } from "../../_components/settings-panel";

export default async function StreamSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const stream = toApiStream(await getStreamOrThrow((await params).id));
  return <SettingsPanel stream={stream} />;
}
