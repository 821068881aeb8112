// "Try, then ask the owner": an owner-only command is called with `ownerPin: null` first (a
// till without people needs no PIN); only when it answers owner_approval_required is the owner
// asked for their PIN (OwnerPinDialog, through `ask`), and the same command run again with it.
// For a void, a refund or a kasbon over the limit the caller may also offer an approval code
// (`withCode`): the owner, away, makes one on their own device for exactly what the dialog
// says (lib/approval.ts), and the same command runs again with `approvalCode` instead of a PIN.
import { toAppError } from './api/backend';
import type { AppError, ErrorCode } from './api/types.gen';
import type { CodeOffer } from './approval';

/** What the owner PIN dialog needs: its props (OwnerPinDialog's `summary`, `run`, `ondone`,
 * `onerror`, `onclose`). */
export interface OwnerRequest {
  summary: string;
  run: (ownerPin: string) => Promise<unknown>;
  /** The approval-code path, when this action may be approved by one. */
  code?: { offer: CodeOffer; run: (approvalCode: string) => Promise<unknown> };
  ondone: () => void;
  onerror: (err: AppError) => void;
  onclose: () => void;
}

/** How a gated call ended: done (with the command's answer) or the owner dialog cancelled. */
export type Gated<T> = { done: true; value: T } | { done: false };

/** The refusals that mean "the owner may allow this": owner_approval_required always, and
 * over_credit_limit where a caller says so (a kasbon sale over the customer's limit). */
export type OwnerRefusal = Extract<ErrorCode, 'owner_approval_required' | 'over_credit_limit'>;

/** An approval code instead of the PIN: what it must be made for (or, from the refusal, null
 * when this refusal cannot be approved by a code) and the same command with the code. */
export interface WithCode<T> {
  offer: CodeOffer | ((refusal: AppError) => CodeOffer | null);
  call: (approvalCode: string) => Promise<T>;
}

/** Runs `call(null)`; on owner_approval_required (or another of `refusals`) hands `call(pin)`
 * to `ask` (the dialog), with `summary` (or what it says for that refusal). Resolves when done
 * or cancelled; rejects with the AppError of any other failure (a wrong PIN stays inside the
 * dialog). */
export function withOwner<T>(
  summary: string | ((refusal: AppError) => string),
  call: (ownerPin: string | null) => Promise<T>,
  ask: (req: OwnerRequest) => void,
  refusals: readonly OwnerRefusal[] = ['owner_approval_required'],
  withCode?: WithCode<T>,
): Promise<Gated<T>> {
  return call(null).then(
    (value): Gated<T> => ({ done: true, value }),
    (e: unknown) => {
      const err = toAppError(e);
      if (!(refusals as readonly string[]).includes(err.code)) throw err;
      return new Promise<Gated<T>>((resolve, reject) => {
        let settled = false;
        let value: T;
        const offer = withCode ? (typeof withCode.offer === 'function' ? withCode.offer(err) : withCode.offer) : null;
        ask({
          summary: typeof summary === 'string' ? summary : summary(err),
          run: async (pin) => {
            value = await call(pin);
          },
          ...(withCode && offer
            ? {
                code: {
                  offer,
                  run: async (code: string) => {
                    value = await withCode.call(code);
                  },
                },
              }
            : {}),
          ondone: () => {
            settled = true;
            resolve({ done: true, value });
          },
          onerror: (err) => {
            settled = true;
            reject(err);
          },
          onclose: () => {
            if (!settled) resolve({ done: false });
            settled = true;
          },
        });
      });
    },
  );
}
