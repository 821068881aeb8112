// Generated from crates/laris-server/src/web (wire, paths) by `cargo test -p
// laris-server web::bindings` with LARIS_UPDATE_BINDINGS=1. Do not edit: change the Rust side.

export type SignupMode = "open" | "invite";

export type WebConfigView = { signup: SignupMode, version: string, };

export type SignupInput = { email: string, password: string, shopName: string, 
/**
 * The token of a one-time sign-up link (policy `invite`).
 */
invite: string | null, };

export type LoginInput = { email: string, password: string, };

export type StoreView = { storeId: string, name: string, createdAtMs: number, };

export type MeView = { email: string, 
/**
 * Sent back in `x-csrf-token` on every state change.
 */
csrfToken: string, 
/**
 * Oldest first; never empty.
 */
stores: Array<StoreView>, expiresAtMs: number, };

export type WebSessionView = { sessionId: string, createdAtMs: number, expiresAtMs: number, revokedAtMs: number | null, 
/**
 * The browser that signed in, as it named itself (cut to 200 characters).
 */
userAgent: string | null, 
/**
 * The session of the request that asked.
 */
current: boolean, };

export type NewStoreInput = { name: string, };

export type PairingCodeView = { code: string, expiresAtMs: number, 
/**
 * `laris-protocol`'s pairing link: this server's address and the code, for a phone's
 * camera.
 */
link: string, };

export type DeviceView = { deviceId: string, name: string, 
/**
 * The receipt prefix.
 */
code: string, pairedAtMs: number, revokedAtMs: number | null, lastSeenMs: number | null, 
/**
 * The protocol version its app speaks.
 */
protocolVersion: number, 
/**
 * Its app's version (its sync library's), from its last handshake.
 */
appVersion: string | null, 
/**
 * Every seq up to this is held.
 */
ackedSeq: number, 
/**
 * Events the till had at its last handshake that the server does not hold yet.
 */
pending: number, 
/**
 * Everything the till had recorded by this time is held (None: never complete).
 */
completeUpToMs: number | null, 
/**
 * The server's side of the proof of sync.
 */
salesHeld: number, salesTotalHeld: number, duplicatesRejected: number, };

export type RenameDeviceInput = { name: string, };

export type GroupView = { 
/**
 * YYYY-MM-DD, the hour (0–23), the method, the device's receipt prefix, the cashier's
 * name ("" for none).
 */
key: string, 
/**
 * A name to show, where the key is not one (a device's name).
 */
label: string | null, sales: number, total: number, 
/**
 * Σ total − Σ cost of those sales (payment methods: not split, 0).
 */
profit: number, };

export type ProductSalesView = { productId: string, name: string, unit: string, qtyMilli: number, total: number, profit: number, };

export type DashboardView = { 
/**
 * The period, YYYY-MM-DD inclusive, in the shop's time zone (WIB).
 */
from: string, to: string, sales: number, 
/**
 * Σ sale totals, as sold.
 */
total: number, 
/**
 * Money paid back by voids and refunds made in the period.
 */
returnsTotal: number, 
/**
 * `total − returnsTotal`.
 */
netTotal: number, 
/**
 * Σ total − Σ cost of the sales.
 */
grossProfit: number, 
/**
 * `total / sales`, rounded down (0 without sales).
 */
averageBasket: number, byDay: Array<GroupView>, byHour: Array<GroupView>, byMethod: Array<GroupView>, byDevice: Array<GroupView>, byCashier: Array<GroupView>, bestSellers: Array<ProductSalesView>, 
/**
 * Active products that sold least in the period (none sold first).
 */
slowMovers: Array<ProductSalesView>, 
/**
 * Sales whose voids and refunds exceed them.
 */
overRefunds: number, 
/**
 * Kasbon owed now, whatever the period.
 */
kasbonOwed: number, 
/**
 * Some till has not delivered everything it recorded up to the period's end: the
 * figures may still grow. `incompleteDevices` names them.
 */
provisional: boolean, incompleteDevices: Array<string>, devices: Array<DeviceView>, };

export type ProductView = { productId: string, sku: string, name: string, category: string | null, unit: string, price: number, cost: number, barcodes: Array<string>, active: boolean, soldByWeight: boolean, trackStock: boolean, minStockMilli: number, 
/**
 * Store-wide stock (Σ movements of every till).
 */
stockMilli: number, };

export type ProductInput = { sku: string, name: string, category: string | null, unit: string, price: number, cost: number, barcodes: Array<string>, active: boolean, soldByWeight: boolean, trackStock: boolean, minStockMilli: number, };

export type ProductPageView = { products: Array<ProductView>, 
/**
 * Products matching the search, all of them (the page may hold fewer).
 */
matching: number, };

export type ImportInput = { csv: string, };

export type ImportView = { added: number, updated: number, 
/**
 * Rows equal to the catalog already.
 */
unchanged: number, };

export type SaleRowView = { saleId: string, receiptNo: string, createdAtMs: number, 
/**
 * The till's receipt prefix.
 */
device: string, cashier: string | null, total: number, lines: number, 
/**
 * cash | qris | transfer | kasbon: those used.
 */
methods: Array<string>, };

export type SalesPageView = { sales: Array<SaleRowView>, 
/**
 * Pass as `before` for the next (older) page; None: this is the last.
 */
nextBefore: string | null, };

export type ReceiptLineView = { name: string, unit: string, qtyMilli: number, unitPrice: number, discount: number, 
/**
 * `gross − discount`.
 */
total: number, };

export type PaymentLineView = { method: string, amount: number, };

export type ReceiptView = { saleId: string, receiptNo: string, createdAtMs: number, device: string, cashier: string | null, lines: Array<ReceiptLineView>, gross: number, 
/**
 * Line and cart discounts.
 */
discount: number, tax: number, rounding: number, total: number, tendered: number, change: number, payments: Array<PaymentLineView>, };

export type StockRowView = { productId: string, sku: string, name: string, unit: string, qtyMilli: number, minStockMilli: number, 
/**
 * At or below the minimum.
 */
low: boolean, };

export type KasbonRowView = { customerId: string, 
/**
 * None: the customer's record has not arrived yet.
 */
name: string | null, 
/**
 * What they owe (negative: the shop owes them).
 */
balance: number, entries: number, };

export type ShiftMethodView = { method: string, expected: number, counted: number | null, 
/**
 * counted − expected.
 */
difference: number | null, };

export type ShiftRowView = { shiftId: string, 
/**
 * The till's receipt prefix.
 */
device: string, openedAtMs: number, openedBy: string | null, float: number, cashIn: number, cashOut: number, closedAtMs: number | null, closedBy: string | null, saleCount: number | null, salesTotal: number | null, methods: Array<ShiftMethodView>, };

export type BooksView = { kasbonTotal: number, kasbon: Array<KasbonRowView>, shifts: Array<ShiftRowView>, };

export type ReturnRowView = { returnId: string, saleId: string, 
/**
 * The sale's receipt number (None: the server does not hold the sale yet).
 */
receiptNo: string | null, 
/**
 * void | refund
 */
kind: string, createdAtMs: number, device: string, method: string, amount: number, reason: string, cashier: string | null, 
/**
 * The sale's returns (all of them) take back more than it sold or took.
 */
overRefund: boolean, };

export type AuditRowView = { atMs: number, device: string, actor: string | null, 
/**
 * The action's code (`sale_refunded`, `stock_counted`, …).
 */
action: string, subject: string | null, detail: string, reason: string | null, approval: string | null, };

export type MovementRowView = { createdAtMs: number, productId: string, product: string, unit: string, 
/**
 * restock | adjustment | count | return
 */
kind: string, qtyMilli: number, device: string, reason: string | null, };

export type StorefrontView = { slug: string, 
/**
 * The page's address.
 */
url: string, 
/**
 * Off until the owner turns it on.
 */
enabled: boolean, 
/**
 * The page says tersedia / sisa sedikit / habis from the store-wide stock.
 */
showStock: boolean, whatsapp: string | null, address: string | null, hours: string | null, hiddenCategories: Array<string>, hiddenProducts: Array<string>, 
/**
 * Every category of the catalog, for the form.
 */
categories: Array<string>, };

export type StorefrontInput = { 
/**
 * 3 to 40 of a–z, 0–9 and dashes.
 */
slug: string, enabled: boolean, showStock: boolean, 
/**
 * A phone number (08…, +62…, 62…); stored as 62… digits.
 */
whatsapp: string | null, address: string | null, hours: string | null, hiddenCategories: Array<string>, hiddenProducts: Array<string>, };

export type Dataset = "sales" | "sale_lines" | "products" | "stock" | "kasbon";

export type ExportFormat = "csv" | "xlsx";

export type WebErrorBody = { code: ErrorCode, message: string, };

/** Every `code` the server sends. */
export type ErrorCode =
  | 'invalid_field'
  | 'invalid_query'
  | 'unreadable_body'
  | 'malformed_body'
  | 'bad_compression'
  | 'encode_failed'
  | 'unsupported_version'
  | 'bad_hlc'
  | 'clock_drift'
  | 'inconsistent_amounts'
  | 'too_many_items'
  | 'invalid_pairing_code'
  | 'missing_credential'
  | 'invalid_credential'
  | 'invalid_login'
  | 'invalid_session'
  | 'device_revoked'
  | 'wrong_store'
  | 'wrong_device'
  | 'signup_closed'
  | 'invalid_invite'
  | 'csrf_refused'
  | 'not_found'
  | 'method_not_allowed'
  | 'body_timeout'
  | 'device_exists'
  | 'device_code_taken'
  | 'seq_reused'
  | 'email_taken'
  | 'slug_taken'
  | 'body_too_large'
  | 'unsupported_encoding'
  | 'rate_limited'
  | 'account_locked'
  | 'internal'
  | 'busy';

export const ERROR_CODES: readonly ErrorCode[] = [
  'invalid_field',
  'invalid_query',
  'unreadable_body',
  'malformed_body',
  'bad_compression',
  'encode_failed',
  'unsupported_version',
  'bad_hlc',
  'clock_drift',
  'inconsistent_amounts',
  'too_many_items',
  'invalid_pairing_code',
  'missing_credential',
  'invalid_credential',
  'invalid_login',
  'invalid_session',
  'device_revoked',
  'wrong_store',
  'wrong_device',
  'signup_closed',
  'invalid_invite',
  'csrf_refused',
  'not_found',
  'method_not_allowed',
  'body_timeout',
  'device_exists',
  'device_code_taken',
  'seq_reused',
  'email_taken',
  'slug_taken',
  'body_too_large',
  'unsupported_encoding',
  'rate_limited',
  'account_locked',
  'internal',
  'busy',
];

/** Every back-office path; `{name}` parts are filled in by `path()`. */
export const PATHS = {
  config: '/v1/web/config',
  signup: '/v1/web/signup',
  login: '/v1/web/login',
  logout: '/v1/web/logout',
  me: '/v1/web/me',
  sessions: '/v1/web/sessions',
  sessionRevoke: '/v1/web/sessions/{session_id}/revoke',
  stores: '/v1/web/stores',
  dashboard: '/v1/web/stores/{store_id}/dashboard',
  devices: '/v1/web/stores/{store_id}/devices',
  deviceRename: '/v1/web/stores/{store_id}/devices/{device_id}/rename',
  deviceRevoke: '/v1/web/stores/{store_id}/devices/{device_id}/revoke',
  pairingCodes: '/v1/web/stores/{store_id}/pairing-codes',
  products: '/v1/web/stores/{store_id}/products',
  product: '/v1/web/stores/{store_id}/products/{product_id}',
  productsImport: '/v1/web/stores/{store_id}/products/import',
  sales: '/v1/web/stores/{store_id}/sales',
  sale: '/v1/web/stores/{store_id}/sales/{sale_id}',
  stock: '/v1/web/stores/{store_id}/stock',
  books: '/v1/web/stores/{store_id}/books',
  returns: '/v1/web/stores/{store_id}/returns',
  audit: '/v1/web/stores/{store_id}/audit',
  movements: '/v1/web/stores/{store_id}/stock/movements',
  storefront: '/v1/web/stores/{store_id}/storefront',
  export: '/v1/web/stores/{store_id}/export/{dataset}',
} as const;

export const CSRF_HEADER = 'x-csrf-token';

/** Pages of the app the server links to: sign-up (`?undangan=<token>`), pairing (`?kode=<code>`). */
export const PAGES = { signup: '/daftar', pairing: '/pasang' } as const;

export const DATASETS: readonly Dataset[] = ['sales', 'sale_lines', 'products', 'stock', 'kasbon'];

/** The limits the server checks. */
export const LIMITS = {
  minPasswordChars: 8,
  maxNameChars: 200,
  maxPrice: 1000000000,
  maxBarcodesPerProduct: 32,
  salesPageSize: 50,
  pairingCodeAlphabet: '23456789ABCDEFGHJKMNPQRSTUVWXYZ',
  pairingCodeLen: 8,
} as const;
