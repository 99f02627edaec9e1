import { toast } from './notify';

/**
 * A store's write with its busy flag up for the length of it and a failure shown as a notification (the one
 * shape every write of the timeline and the trash had, written once): true when the work succeeded.
 */
export async function whileBusy(set: (partial: { busy: boolean }) => void, work: () => Promise<void>): Promise<boolean> {
  set({ busy: true });
  try {
    await work();
    return true;
  } catch (err) {
    toast.error(err);
    return false;
  } finally {
    set({ busy: false });
  }
}
