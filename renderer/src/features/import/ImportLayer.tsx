// Mount point (stub until the import work lands): the window-wide drop overlay and import progress panel.
export function ImportLayer(_props: { projectId?: string | undefined }) {
  return null;
}
