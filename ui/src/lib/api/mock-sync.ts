// The mock's simulated sync: pairing (the one code MOCK_PAIRING_CODE, an http(s) server
// address), a pending count of sales the "server" has not acknowledged, and an offline switch
// for tests.
import { appError } from './backend';
import { normalizeDeviceCode, normalizePairingCode } from '../pairing';
import type { ErrorCode, ProofView, SyncView, PairInput, SignUpInput } from './types.gen';
import type { MockSale } from './mock-state';
import { checkSignUp } from './mock-signup';

const ROUND_MS = 300;

/** The one pairing code the mock's "server" knows, as the owner would read it out. Any way of
 * typing it that normalizes to it pairs (`k7mx 4pq2`). */
export const MOCK_PAIRING_CODE = 'K7MX-4PQ2';

export class MockSync {
  paired = false;
  offline = false;
  autoSync = true;
  syncing = false;
  serverUrl: string | null = null;
  storeName: string | null = null;
  lastSuccessAt: number | null = null;
  lastErrorCode: ErrorCode | null = null;
  lastErrorMessage: string | null = null;
  /** Emails with an account on the mock server: a second sign-up is `email_taken`. */
  readonly accounts = new Set<string>();
  private listeners = new Set<(v: SyncView) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private sales: () => MockSale[],
    private now: () => number,
  ) {}

  pending(): number {
    return this.sales().filter((s) => s.thisTill && !s.synced).length;
  }

  view(): SyncView {
    const connectivity = !this.paired
      ? 'unpaired'
      : this.offline
        ? 'offline'
        : this.syncing
          ? 'syncing'
          : 'online';
    return {
      connectivity,
      pending: this.pending(),
      lastSuccessAt: this.lastSuccessAt,
      lastErrorCode: this.lastErrorCode,
      lastErrorMessage: this.lastErrorMessage,
      serverUrl: this.serverUrl,
      storeName: this.storeName,
    };
  }

  subscribe(cb: (v: SyncView) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  emit(): void {
    const v = this.view();
    for (const cb of this.listeners) cb(v);
  }

  /** `adopt` applies what pairing changes on the till (its receipt code) before anyone can see
   * the till paired: the real till commits both in one transaction. */
  async pair(input: PairInput, shopName: string, adopt: () => void): Promise<SyncView> {
    if (this.paired) throw appError('already_paired', 'this till is already paired');
    if (!/^https?:\/\/\S+$/.test(input.serverUrl.trim())) {
      throw appError('invalid_input', 'the server address starts with http://', 'server_url');
    }
    // As the till does: a code that cannot be one is refused before the server is asked.
    const code = normalizePairingCode(input.code);
    if (!code.ok) {
      const why =
        code.error.kind === 'wrong_length'
          ? `a pairing code has 8 letters or digits, not ${code.error.found}`
          : `${JSON.stringify(code.error.symbol)} is never in a pairing code`;
      throw appError('invalid_input', why, 'code');
    }
    if (input.deviceCode != null && input.deviceCode.trim() !== '' && !normalizeDeviceCode(input.deviceCode).ok) {
      throw appError('invalid_input', 'use 1 to 8 letters or digits, e.g. A', 'device_code');
    }
    if (this.offline) throw appError('unreachable', 'the server did not answer');
    // The server's refusal of a well-formed code it does not know (routes/pairing.rs).
    const known = normalizePairingCode(MOCK_PAIRING_CODE);
    if (!known.ok || code.code !== known.code) {
      throw appError(
        'invalid_pairing_code',
        'the pairing code is unknown, already used or expired: ask the owner for a new one',
      );
    }
    adopt();
    return this.becomePaired(input.serverUrl.trim(), shopName);
  }

  /** "Daftar toko" (mock-signup.ts has the rules): the account and shop on the "server", then
   * this till paired with the new shop and its first round (the catalog goes up). */
  async signUp(input: SignUpInput, tillName: string): Promise<SyncView> {
    if (this.paired) throw appError('already_paired', 'this till is already paired');
    const checked = checkSignUp(input, tillName, { accounts: this.accounts, offline: this.offline });
    if (!checked.ok) throw checked.error;
    this.accounts.add(checked.email);
    return this.becomePaired(checked.serverUrl, checked.storeName);
  }

  private async becomePaired(serverUrl: string, storeName: string): Promise<SyncView> {
    this.paired = true;
    this.serverUrl = serverUrl;
    this.storeName = storeName;
    this.emit();
    await this.round();
    return this.view();
  }

  unpair(): SyncView {
    if (!this.paired) throw appError('not_paired', 'this till is not paired');
    this.paired = false;
    this.serverUrl = null;
    this.storeName = null;
    this.lastSuccessAt = null;
    this.lastErrorCode = null;
    this.lastErrorMessage = null;
    this.emit();
    return this.view();
  }

  async syncNow(): Promise<SyncView> {
    if (!this.paired) throw appError('not_paired', 'this till is not paired');
    await this.round();
    return this.view();
  }

  /** A sale was paid: like the engine, send it soon when connected. */
  saleRecorded(): void {
    this.emit();
    this.schedule();
  }

  setOffline(offline: boolean): void {
    this.offline = offline;
    this.emit();
    if (!offline) this.schedule(50);
  }

  private schedule(delay = 800): void {
    if (!this.paired || this.offline || !this.autoSync) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.round();
    }, delay);
  }

  private async round(): Promise<void> {
    if (this.offline) {
      this.lastErrorCode = 'unreachable';
      this.lastErrorMessage = 'the server did not answer';
      this.emit();
      return;
    }
    this.syncing = true;
    this.emit();
    await new Promise((r) => setTimeout(r, ROUND_MS));
    this.syncing = false;
    if (this.offline) {
      this.lastErrorCode = 'unreachable';
      this.lastErrorMessage = 'the server did not answer';
    } else {
      for (const s of this.sales()) s.synced = true;
      this.lastSuccessAt = this.now();
      this.lastErrorCode = null;
      this.lastErrorMessage = null;
    }
    this.emit();
  }

  proof(deviceCode: string): ProofView {
    if (!this.paired) throw appError('not_paired', 'this till is not paired');
    const mine = this.sales().filter((s) => s.thisTill);
    const onServer = mine.filter((s) => s.synced);
    const total = onServer.reduce((t, s) => t + s.view.total, 0);
    const upTo = onServer.length;
    return {
      deviceCode,
      serverSales: onServer.length,
      serverTotal: total,
      localSales: onServer.length,
      localTotal: total,
      upTo,
      deviceLastSeq: mine.length,
      gaps: 0,
      doubles: 0,
      missing: 0,
      totalsMatch: true,
      matches: true,
      summary: `till ${deviceCode}: ${onServer.length} sales on the server up to #${upTo}, 0 gaps, 0 doubles, totals match`,
    };
  }
}
