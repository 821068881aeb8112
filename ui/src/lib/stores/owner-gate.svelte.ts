// The one owner PIN dialog of the window (shell/OwnerGate.svelte shows it): `askOwner` is
// withOwner (lib/owner-gate.ts) with this dialog as the asker.
import { withOwner, type Gated, type OwnerRequest } from '../owner-gate';

export const ownerGate = $state<{ request: OwnerRequest | null }>({ request: null });

/** Calls `call(null)`, asking the owner's PIN (with `summary`) only if the till wants it. */
export function askOwner<T>(summary: string, call: (ownerPin: string | null) => Promise<T>): Promise<Gated<T>> {
  return withOwner(summary, call, (req) => {
    ownerGate.request = req;
  });
}
