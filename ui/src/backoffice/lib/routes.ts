// Every page of the back office.
export const ROUTES = ['/', '/masuk', '/daftar', '/produk', '/penjualan', '/stok', '/perangkat', '/ekspor', '/akun', '/pasang', '/segera'] as const;
export type RoutePath = (typeof ROUTES)[number];

/** Pages one sees without signing in. */
export const PUBLIC_ROUTES: readonly RoutePath[] = ['/masuk', '/daftar', '/pasang'];

/** The shop's pages in the navigation, with their message keys. */
export const NAV: readonly { path: RoutePath; key: string }[] = [
  { path: '/', key: 'nav.dashboard' },
  { path: '/penjualan', key: 'nav.sales' },
  { path: '/produk', key: 'nav.products' },
  { path: '/stok', key: 'nav.stock' },
  { path: '/perangkat', key: 'nav.devices' },
  { path: '/ekspor', key: 'nav.export' },
  { path: '/segera', key: 'nav.soon' },
];
