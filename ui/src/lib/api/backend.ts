// The one typed interface the screens talk to: the generated `Commands` (every window
// command, from crates/laris-app/src/contract.rs) plus the sync-status event. Two
// implementations: tauri.ts (the real till) and mock.ts (in the browser, for development and
// tests).
import type { AppError, Commands, ErrorCode, SyncView } from './types.gen';
import { ERROR_CODES } from './types.gen';

export interface Backend extends Commands {
  /** Calls `cb` whenever the sync state changes; returns the unsubscribe function. */
  onSyncStatus(cb: (view: SyncView) => void): Promise<() => void>;
}

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

/** A code as received: one the contract declares, or `server_error` (a newer server's). */
export function errorCode(code: string): ErrorCode {
  return KNOWN.has(code) ? (code as ErrorCode) : 'server_error';
}

/** Whatever a command rejected with, as an AppError: never a raw stack trace for the UI. */
export function toAppError(e: unknown): AppError {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as AppError).code === 'string') {
    const a = e as Partial<AppError>;
    return { code: errorCode(a.code as string), message: a.message ?? '', field: a.field ?? null };
  }
  return { code: 'server_error', message: e instanceof Error ? e.message : String(e), field: null };
}

export function appError(code: ErrorCode, message = '', field: string | null = null): AppError {
  return { code, message, field };
}
