// The real till: every command is generated (`invokeCommands`, one Tauri command of
// src-tauri each); only the sync-status event is written here.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Backend } from './backend';
import type { SyncView } from './types.gen';
import { invokeCommands } from './types.gen';

export function tauriBackend(): Backend {
  return {
    ...invokeCommands(invoke),
    onSyncStatus: async (cb) => {
      const unlisten = await listen<SyncView>('sync-status', (e) => cb(e.payload));
      return unlisten;
    },
  };
}
