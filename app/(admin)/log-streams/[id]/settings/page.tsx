import { toApiStream } from "@/lib/streams/serialize";
import { SettingsPanel } from "../../_components/settings-panel";
import { readStreamForPage } from "../read-stream";

export default async function StreamSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const stream = toApiStream(await readStreamForPage((await params).id));
  return <SettingsPanel stream={stream} />;
}
