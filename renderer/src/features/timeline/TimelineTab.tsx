// Mount point (stub until the timeline work lands): the checkpoint timeline, compare and restore.
export function TimelineTab(_props: { projectId: string }) {
  return <p className="muted">The timeline is coming.</p>;
}
