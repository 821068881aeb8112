// What the always-visible sync badge says. Pure, so the exact wording rules are unit-tested.
import type { SyncView } from '../api/types.gen';

export type BadgeState = 'unpaired' | 'online' | 'offline' | 'syncing' | 'refused';

export interface Badge {
  state: BadgeState;
  key:
    | 'sync.unpaired'
    | 'sync.online'
    | 'sync.pending'
    | 'sync.offline'
    | 'sync.offlinePending'
    | 'sync.syncing'
    | 'sync.refused';
  count: number;
}

/** `previous` is what the badge showed before: a round in progress keeps "Offline" (a retry
 * is not yet a connection) and, with nothing pending, keeps what was shown, so the badge does
 * not flicker on every background round. While sales wait it says how many ("menunggu"). */
export function badgeFor(v: SyncView, previous: Badge | null): Badge {
  const count = v.pending;
  switch (v.connectivity) {
    case 'unpaired':
      return { state: 'unpaired', key: 'sync.unpaired', count };
    case 'refused':
      // Retrying cannot help (revoked, unknown credential): never shown as "waiting".
      return { state: 'refused', key: 'sync.refused', count };
    case 'offline':
      return { state: 'offline', key: count > 0 ? 'sync.offlinePending' : 'sync.offline', count };
    case 'syncing':
      if (previous?.state === 'refused') return { ...previous, count };
      if (previous?.state === 'offline') {
        return { state: 'offline', key: count > 0 ? 'sync.offlinePending' : 'sync.offline', count };
      }
      if (count > 0) return { state: 'syncing', key: 'sync.pending', count };
      if (previous && previous.state !== 'syncing') return { ...previous, count };
      return { state: 'online', key: 'sync.online', count };
    case 'online':
    default:
      return { state: 'online', key: count > 0 ? 'sync.pending' : 'sync.online', count };
  }
}
