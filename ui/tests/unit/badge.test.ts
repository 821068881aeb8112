import { describe, expect, it } from 'vitest';
import { badgeFor } from '../../src/lib/stores/badge';
import { translate } from '../../src/lib/i18n/index.svelte';
import type { SyncView } from '../../src/lib/api/types.gen';

const view = (connectivity: SyncView['connectivity'], pending: number): SyncView => ({
  connectivity,
  pending,
  lastSuccessAt: null,
  lastErrorCode: null,
  lastErrorMessage: null,
  serverUrl: 'http://x',
  storeName: 'Toko',
});
const text = (v: SyncView, prev = null as ReturnType<typeof badgeFor> | null) => {
  const b = badgeFor(v, prev);
  return `${b.state}|${translate('id', b.key, { count: b.count })}`;
};

describe('sync badge', () => {
  it('says exactly what the design asks', () => {
    expect(text(view('unpaired', 0))).toBe('unpaired|Belum terhubung');
    expect(text(view('online', 0))).toBe('online|Tersinkron');
    expect(text(view('online', 3))).toBe('online|3 transaksi menunggu');
    expect(text(view('offline', 2))).toBe('offline|Offline · 2 menunggu');
    expect(text(view('offline', 0))).toBe('offline|Offline');
    expect(text(view('syncing', 4))).toBe('syncing|4 transaksi menunggu');
  });

  it('keeps the last state while syncing with nothing pending', () => {
    const offline = badgeFor(view('offline', 0), null);
    expect(text(view('syncing', 0), offline)).toBe('offline|Offline');
    expect(text(view('syncing', 0), null)).toBe('online|Tersinkron');
  });

  it('stays Offline while a retry is running', () => {
    const offline = badgeFor(view('offline', 2), null);
    expect(text(view('syncing', 2), offline)).toBe('offline|Offline · 2 menunggu');
    expect(text(view('online', 0), badgeFor(view('syncing', 2), offline))).toBe('online|Tersinkron');
  });

  it('says a refused till is refused, not waiting, even while a round by hand runs', () => {
    const refused = badgeFor(view('refused', 3), null);
    expect(text(view('refused', 3))).toBe('refused|Ditolak server');
    expect(text(view('syncing', 3), refused)).toBe('refused|Ditolak server');
    expect(text(view('online', 0), refused)).toBe('online|Tersinkron');
  });
});
