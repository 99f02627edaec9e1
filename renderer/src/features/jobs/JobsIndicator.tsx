// Mount point (stub until the jobs work lands): the status-bar count of running media jobs, opening the jobs panel.
export function JobsIndicator() {
  return null;
}
