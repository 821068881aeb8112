// App-wide state: the shop, the people and who is on duty, the sync status with its badge, the
// current screen, and the visible error/notice banner.
import { backend, toAppError } from '../api';
import type { AppError, OnDutyView, PersonView, ShopView, SyncView } from '../api/types.gen';
import { badgeFor, type Badge } from './badge';

export type Screen = 'kasir' | 'kasbon' | 'shift' | 'produk' | 'laporan' | 'orang' | 'pengaturan';

export const app = $state<{
  shop: ShopView | null;
  screen: Screen;
  sync: SyncView | null;
  badge: Badge | null;
  error: AppError | null;
  notice: string | null;
  /** Bumped after every sale, so the report and lists reload. */
  salesVersion: number;
  /** How many dialogs are open: the scan box only takes focus back when none are. */
  dialogs: number;
  /** What the Produk screen should open on arrival (from the first-run onboarding). */
  produkIntent: 'add' | 'import' | null;
  /** Everyone on this till (active or not); empty on a till without PINs, which never locks. */
  people: PersonView[];
  /** Who is on duty; null with people on the till means the lock screen shows. */
  duty: OnDutyView | null;
  /** Bumped after every change to people or duty, so the people screen and audit log reload. */
  peopleVersion: number;
}>({
  people: [],
  duty: null,
  peopleVersion: 0,
  produkIntent: null,
  shop: null,
  screen: 'kasir',
  sync: null,
  badge: null,
  error: null,
  notice: null,
  salesVersion: 0,
  dialogs: 0,
});

let noticeTimer: ReturnType<typeof setTimeout> | null = null;

let errorTimer: ReturnType<typeof setTimeout> | null = null;
/** How long an error toast stays before it clears itself. */
export const ERROR_TOAST_MS = 6000;

/** Shows an error toast; it clears itself after ~6 s, on navigation, or via `clearError`. */
export function showError(e: unknown): void {
  app.error = toAppError(e);
  if (errorTimer) clearTimeout(errorTimer);
  errorTimer = setTimeout(() => (app.error = null), ERROR_TOAST_MS);
}

/** Clears the error toast, e.g. when the action that failed has now succeeded. */
export function clearError(): void {
  if (errorTimer) clearTimeout(errorTimer);
  errorTimer = null;
  app.error = null;
}

/** Switches screen; a toast about the previous screen does not follow. */
export function goTo(screen: Screen): void {
  if (app.screen !== screen) clearError();
  app.screen = screen;
}

/** A success notice: it also clears the error toast of the action that has now succeeded. */
export function showNotice(text: string): void {
  clearError();
  app.notice = text;
  if (noticeTimer) clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (app.notice = null), 4000);
}

export function setSync(v: SyncView): void {
  app.sync = v;
  app.badge = badgeFor(v, app.badge);
}

export async function loadShop(): Promise<void> {
  app.shop = await backend.shop();
}

let unlisten: (() => void) | null = null;

export async function startSyncStatus(): Promise<void> {
  setSync(await backend.syncStatus());
  unlisten?.();
  unlisten = await backend.onSyncStatus(setSync);
}

/** Reads the people and who is on duty (after the shop is set up). */
export async function loadPeople(): Promise<void> {
  const [people, duty] = await Promise.all([backend.people(), backend.onDuty()]);
  app.people = people;
  app.duty = duty;
  app.peopleVersion++;
}

/** The till locks when it has people and nobody is on duty. */
export function isLocked(): boolean {
  return app.people.length > 0 && app.duty === null;
}

/** Someone logged in (or set up the first owner): the counter opens for them, unless
 * `stay` (the first owner set up from the Orang screen stays there). */
export async function startDuty(duty: OnDutyView, stay = false): Promise<void> {
  app.duty = duty;
  if (!stay) app.screen = 'kasir';
  clearError();
  await loadPeople();
}

/** Ends the duty: the lock screen shows. The open cart stays (it is kept in localStorage). */
export async function endDuty(): Promise<void> {
  await backend.logOut();
  app.duty = null;
  clearError();
  await loadPeople();
}
