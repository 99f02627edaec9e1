// Mount point (stub until the assets work lands): the asset library, whole or filtered to a project.
export function AssetsScreen(_props: { projectId?: string }) {
  return <p className="muted">The asset library is coming.</p>;
}
