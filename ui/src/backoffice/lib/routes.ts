// Every page of the back office.
export const ROUTES = [
  '/',
  '/masuk',
  '/daftar',
  '/produk',
  '/penjualan',
  '/retur',
  '/shift',
  '/kasbon',
  '/stok',
  '/log',
  '/perangkat',
  '/ekspor',
  '/akun',
  '/pasang',
  '/segera',
] as const;
export type RoutePath = (typeof ROUTES)[number];

/** Pages one sees without signing in. */
export const PUBLIC_ROUTES: readonly RoutePath[] = ['/masuk', '/daftar', '/pasang'];

/** Old pages and where they went: `/segera` ("coming soon") became Shift, Retur and Log. */
export const REDIRECTS: Partial<Record<RoutePath, RoutePath>> = { '/segera': '/shift' };

/** The shop's pages in the navigation, with their message keys. */
export const NAV: readonly { path: RoutePath; key: string }[] = [
  { path: '/', key: 'nav.dashboard' },
  { path: '/penjualan', key: 'nav.sales' },
  { path: '/retur', key: 'nav.returns' },
  { path: '/shift', key: 'nav.shifts' },
  { path: '/kasbon', key: 'nav.kasbon' },
  { path: '/produk', key: 'nav.products' },
  { path: '/stok', key: 'nav.stock' },
  { path: '/perangkat', key: 'nav.devices' },
  { path: '/log', key: 'nav.audit' },
  { path: '/ekspor', key: 'nav.export' },
];
