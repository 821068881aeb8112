// The real till: each method is one Tauri command of src-tauri (snake_case names,
// camelCase argument keys, as Tauri maps them to the Rust parameters).
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Backend } from './backend';
import type { SyncView } from './types.gen';

export function tauriBackend(): Backend {
  return {
    shop: () => invoke('shop'),
    setupShop: (input) => invoke('setup_shop', { input }),
    saveSettings: (input) => invoke('save_settings', { input }),

    lookup: (text) => invoke('lookup', { text }),
    categories: () => invoke('categories'),
    browse: (category) => invoke('browse', { category }),
    favourites: () => invoke('favourites'),

    products: (query) => invoke('products', { query }),
    saveProduct: (input) => invoke('save_product', { input }),
    deleteProduct: (id) => invoke('delete_product', { id }),
    importCsv: (text) => invoke('import_csv', { text }),
    exportCsv: () => invoke('export_csv'),
    recordMovement: (input) => invoke('record_movement', { input }),
    lowStock: () => invoke('low_stock'),

    quote: (cart) => invoke('quote', { cart }),
    checkout: (input) => invoke('checkout', { input }),
    sale: (id) => invoke('sale', { id }),
    saleByReceipt: (receiptNo) => invoke('sale_by_receipt', { receiptNo }),
    recentSales: (limit, wholeShop) => invoke('recent_sales', { limit, wholeShop }),

    report: (query) => invoke('report', { query }),

    syncStatus: () => invoke('sync_status'),
    pair: (input) => invoke('pair', { input }),
    unpair: () => invoke('unpair'),
    syncNow: () => invoke('sync_now'),
    proof: () => invoke('proof'),
    onSyncStatus: async (cb) => {
      const unlisten = await listen<SyncView>('sync-status', (e) => cb(e.payload));
      return unlisten;
    },
  };
}
