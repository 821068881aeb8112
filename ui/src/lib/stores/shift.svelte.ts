// This till's shift status, shared by the Shift screen and the Kasir screen's "Shift belum
// dibuka" notice; reloaded after sales and after every shift action.
import { backend } from '../api';
import type { ShiftStatusView } from '../api/types.gen';

export const shiftState = $state<{ status: ShiftStatusView | null }>({ status: null });

export async function loadShift(): Promise<ShiftStatusView> {
  const s = await backend.shiftStatus();
  shiftState.status = s;
  return s;
}
