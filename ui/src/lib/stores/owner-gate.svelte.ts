// The one owner PIN dialog of the window (shell/OwnerGate.svelte shows it): `askOwner` is
// withOwner (lib/owner-gate.ts) with this dialog as the asker.
import { withOwner, type Gated, type OwnerRefusal, type OwnerRequest, type WithCode } from '../owner-gate';
import type { AppError } from '../api/types.gen';

export const ownerGate = $state<{ request: OwnerRequest | null }>({ request: null });

/** Calls `call(null)`, asking the owner's PIN (with `summary`) only if the till wants it; with
 * `withCode`, the dialog also offers an approval code from the owner's device. */
export function askOwner<T>(
  summary: string | ((refusal: AppError) => string),
  call: (ownerPin: string | null) => Promise<T>,
  refusals?: readonly OwnerRefusal[],
  withCode?: WithCode<T>,
): Promise<Gated<T>> {
  return withOwner(
    summary,
    call,
    (req) => {
      ownerGate.request = req;
    },
    refusals,
    withCode,
  );
}
