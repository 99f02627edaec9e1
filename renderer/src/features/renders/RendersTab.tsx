// Mount point (stub until the renders work lands): a project's renders and the player.
export function RendersTab(_props: { projectId: string }) {
  return <p className="muted">Renders are coming.</p>;
}
