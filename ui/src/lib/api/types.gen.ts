// Generated from crates/laris-app (dto, contract, error codes) by `cargo test -p
// laris-app bindings` with LARIS_UPDATE_BINDINGS=1. Do not edit: change the Rust side.

export type AppError = { code: ErrorCode, message: string, 
/**
 * The input field at fault, when there is one (`price`, `qty`, ...).
 */
field: string | null, };

export type ProductView = { id: string, sku: string, name: string, category: string | null, unit: string, price: number, cost: number, soldByWeight: boolean, trackStock: boolean, minStockMilli: number, 
/**
 * None when stock is not tracked.
 */
stockMilli: number | null, active: boolean, barcodes: Array<string>, 
/**
 * Pinned to the Kasir screen's favourites on this till.
 */
pinned: boolean, };

export type LookupView = { exact: ProductView | null, matches: Array<ProductView>, };

export type OrderCartView = { lines: Array<OrderLineView>, missing: Array<string>, };

export type OrderLineView = { product: ProductView, qtyMilli: number, };

export type ProductInput = { id: string | null, sku: string, name: string, category: string | null, unit: string, price: number, cost: number, soldByWeight: boolean, trackStock: boolean, minStockMilli: number, barcodes: Array<string>, 
/**
 * Stock counted when the product is added (milli-units); only for a new product.
 */
openingStockMilli: number | null, };

export type MovementKindInput = "restock" | "adjustment";

export type MovementInput = { productId: string, kind: MovementKindInput, qtyMilli: number, reason: string | null, 
/**
 * The owner's PIN: an adjustment needs it once anyone is set up on the till.
 */
ownerPin: string | null, 
/**
 * A restock's cost per unit from the supplier: updates the product's cost (moving
 * average or last cost, as the settings say).
 */
unitCost?: number | null, 
/**
 * Who delivered a restock; remembered in the supplier list.
 */
supplier?: string, };

export type StockLevelView = { productId: string, sku: string, name: string, unit: string, levelMilli: number, minStockMilli: number, };

export type ImportResult = { created: number, updated: number, unchanged: number, 
/**
 * New products given their opening stock (the `stok_awal` column).
 */
openingStock: number, };

export type CartInput = { lines: Array<CartLineInput>, discount: number, };

export type CartLineInput = { productId: string, qtyMilli: number, discount: number, 
/**
 * A price typed at the counter instead of the catalog's: needs the owner's PIN.
 */
unitPrice?: number | null, };

export type QuoteView = { lines: Array<LineQuote>, gross: number, lineDiscount: number, cartDiscount: number, tax: number, rounding: number, total: number, };

export type LineQuote = { gross: number, discount: number, 
/**
 * `gross - discount`.
 */
net: number, 
/**
 * The product's stock after this sale (milli-units); None when stock is not tracked.
 * Below zero is allowed: the sale goes through, the window warns.
 */
stockAfterMilli: number | null, };

export type TenderMethod = "cash" | "qris" | "transfer" | "kasbon";

export type TenderInput = { method: TenderMethod, 
/**
 * Cash: what was handed over. QRIS / transfer: the amount paid.
 */
amount: number, reference: string | null, 
/**
 * QRIS only: the cashier saw the money arrive before finishing (recorded settled);
 * otherwise the payment is unverified until `confirm_qris`.
 */
confirmed?: boolean, };

export type CheckoutInput = { cart: CartInput, tenders: Array<TenderInput>, cashier: string | null, 
/**
 * The rest of the total on a customer's account (the tenders are the down payment).
 */
kasbon?: KasbonInput, 
/**
 * The owner's PIN, for a typed price or a discount above the shop's limit.
 */
ownerPin?: string, };

export type SaleView = { id: string, receiptNo: string, 
/**
 * Unix ms.
 */
createdAt: number, 
/**
 * Shop-local date and time, e.g. `2026-11-27 14:05 WIB`.
 */
localTime: string, cashier: string | null, lines: Array<SaleLineView>, payments: Array<PaymentView>, gross: number, discount: number, tax: number, rounding: number, total: number, tendered: number, change: number, 
/**
 * The receipt as printed on 58 mm paper (32 columns), in Bahasa Indonesia.
 */
receiptText: string, };

export type SaleLineView = { name: string, unit: string, qtyMilli: number, unitPrice: number, discount: number, net: number, };

export type PaymentView = { method: TenderMethod, amount: number, tendered: number, reference: string | null, };

export type SaleSummaryView = { id: string, receiptNo: string, createdAt: number, localTime: string, total: number, lineCount: number, methods: Array<TenderMethod>, 
/**
 * Rung up on this till (false: pulled from another till of the shop).
 */
thisTill: boolean, };

export type ReportScope = "till" | "shop";

export type ReportQuery = { from: string, to: string, scope: ReportScope, };

export type ReportView = { from: string, to: string, 
/**
 * `WIB`, `WITA` or `WIT`.
 */
timezone: string, totals: TotalsView, byMethod: Array<MethodView>, 
/**
 * All 24 shop-local hours, zero where nothing sold.
 */
byHour: Array<HourView>, bestSellers: Array<BestSellerView>, lowStock: Array<StockLevelView>, };

export type TotalsView = { sales: number, gross: number, discounts: number, tax: number, total: number, 
/**
 * Net of discounts and PPN.
 */
revenue: number, cost: number, grossProfit: number, averageBasket: number, 
/**
 * Voids and refunds made in the period.
 */
returns: number, 
/**
 * The money they paid back.
 */
returned: number, 
/**
 * `total - returned`.
 */
netTotal: number, 
/**
 * Gross profit less what the returns took back of it.
 */
profitAfterReturns: number, };

export type MethodView = { method: string, payments: number, amount: number, };

export type HourView = { hour: number, sales: number, total: number, };

export type BestSellerView = { sku: string, name: string, qtyMilli: number, amount: number, profit: number, };

export type ShopView = { initialised: boolean, 
/**
 * This till's receipt prefix, e.g. `A`.
 */
deviceCode: string | null, name: string, address: string, receiptFooter: string, 
/**
 * `WIB`, `WITA` or `WIT`.
 */
timezone: string, 
/**
 * `none`, `inclusive` or `exclusive`.
 */
taxMode: string, 
/**
 * Basis points: 11% is 1100.
 */
taxRateBp: number, 
/**
 * `none`, `100` or `500`: the amount due rounded to that many Rupiah.
 */
rounding: string, 
/**
 * A discount above this share of a cart (basis points; 10000: no limit) needs the
 * owner's PIN.
 */
maxDiscountBp: number, 
/**
 * How a restock's cost updates the product's: `average` (moving average) or `last`.
 */
costMethod: string, 
/**
 * Today, shop-local, `YYYY-MM-DD`.
 */
today: string, 
/**
 * Where the database lives, for the settings screen.
 */
databasePath: string, 
/**
 * The shop's static QRIS payload; empty: no QR at payment.
 */
qrisPayload: string, 
/**
 * Who the QRIS pays, as the payload names them (`name, city`), for the owner to check.
 */
qrisMerchant: string | null, };

export type PrinterSettingsView = { 
/**
 * `tcp://192.168.1.50:9100`, `/dev/usb/lp0`, `/dev/rfcomm0`...; empty: no printer.
 */
target: string, 
/**
 * 58 or 80.
 */
paperMm: number, 
/**
 * Print the receipt after each sale.
 */
autoPrint: boolean, 
/**
 * Open the cash drawer through the printer when a sale takes cash.
 */
openDrawer: boolean, };

export type PrintFailureView = "bad_target" | "unreachable" | "timeout" | "paper_out" | "cover_open" | "printer_error" | "dropped" | "no_printer";

export type PrintJobView = { id: number, 
/**
 * The receipt number, or `TES` for the test page.
 */
label: string, 
/**
 * `queued`, `printing`, `printed` or `failed`.
 */
state: string, failure: PrintFailureView | null, 
/**
 * The printer's words, for the details.
 */
message: string | null, 
/**
 * Printed, but the printer could not confirm it (it does not answer status queries).
 */
unconfirmed: boolean, paperNearEnd: boolean, 
/**
 * How often the link dropped and the job went on where it stopped.
 */
reconnects: number, };

export type PrintStatusView = { jobs: Array<PrintJobView>, };

export type QrisPaymentView = { payload: string, amount: number, merchantName: string, merchantCity: string, };

export type QrisCheckView = { merchantName: string, merchantCity: string, 
/**
 * The national merchant id (NMID), when the payload has one.
 */
nmid: string | null, };

export type UnverifiedQrisView = { saleId: string, receiptNo: string, createdAt: number, amount: number, 
/**
 * Made on this till.
 */
thisDevice: boolean, };

export type SettlementRowView = { line: number, at: number, amount: number, reference: string | null, };

export type SettlementSaleView = { saleId: string, receiptNo: string, createdAt: number, amount: number, 
/**
 * Still unverified: confirming it is one tap (`confirm_qris`).
 */
unverified: boolean, };

export type SettlementMatchView = { row: SettlementRowView, sale: SettlementSaleView, };

export type ReconciliationView = { matched: Array<SettlementMatchView>, 
/**
 * Credits no QRIS sale accounts for.
 */
unmatchedRows: Array<SettlementRowView>, 
/**
 * QRIS sales of the list's period whose money is not on it.
 */
unmatchedSales: Array<SettlementSaleView>, 
/**
 * Lines of the file that could not be read, and why.
 */
unreadable: Array<string>, };

export type ReceiptImageView = { 
/**
 * `data:image/png;base64,...`
 */
dataUrl: string, 
/**
 * A file name for it: `struk-A-20261127-0042.png`.
 */
fileName: string, };

export type SavedFileView = { path: string, };

export type ShopSetupInput = { name: string, deviceCode: string, timezone: string, };

export type SettingsInput = { name: string, address: string, receiptFooter: string, timezone: string, taxMode: string, taxRateBp: number, rounding: string, 
/**
 * Unchanged when left out.
 */
maxDiscountBp?: number | null, 
/**
 * `average` or `last`; unchanged when left out.
 */
costMethod?: string, 
/**
 * The shop's static QRIS payload (checked; empty removes it); unchanged when left out.
 */
qrisPayload?: string, 
/**
 * The owner's PIN: needed once anyone is set up on the till.
 */
ownerPin: string | null, };

export type SyncConnectivity = "unpaired" | "online" | "offline" | "syncing" | "refused";

export type SyncView = { connectivity: SyncConnectivity, 
/**
 * Events (sales, stock movements, product edits) the server has not acknowledged.
 */
pending: number, 
/**
 * Unix ms of the last completed round.
 */
lastSuccessAt: number | null, lastErrorCode: ErrorCode | null, lastErrorMessage: string | null, serverUrl: string | null, storeName: string | null, };

export type PairInput = { 
/**
 * `http://host:port` of the laris-server.
 */
serverUrl: string, 
/**
 * The owner's single-use pairing code.
 */
code: string, deviceName: string | null, 
/**
 * The receipt prefix to print with from now on, when the server said another till of the
 * store has this one's (None or the current one: unchanged).
 */
deviceCode: string | null, };

export type SignUpInput = { 
/**
 * `http://host:port` of the laris-server.
 */
serverUrl: string, email: string, password: string, 
/**
 * The shop's name on the server (the till's own name by default).
 */
shopName: string | null, 
/**
 * The token of a one-time sign-up link, where the server needs one.
 */
invite: string | null, deviceName: string | null, };

export type ProofView = { deviceCode: string, 
/**
 * Sales of this till the server holds.
 */
serverSales: number, serverTotal: number, 
/**
 * Sales of this till up to the server's last seq.
 */
localSales: number, localTotal: number, 
/**
 * The highest event number the server holds.
 */
upTo: number, 
/**
 * The till's last event number; beyond `upTo` not sent yet.
 */
deviceLastSeq: number, gaps: number, doubles: number, missing: number, totalsMatch: boolean, 
/**
 * Everything agrees.
 */
matches: boolean, 
/**
 * The one-line English summary, as `laris sync --verify` prints it.
 */
summary: string, };

export type RoleView = "owner" | "cashier";

export type PersonView = { id: string, name: string, role: RoleView, active: boolean, };

export type OnDutyView = { person: PersonView, since: number, };

export type OwnerSetupInput = { name: string, pin: string, };

export type PersonInput = { name: string, role: RoleView, pin: string, ownerPin: string, };

export type PersonChangeInput = { id: string, name: string | null, role: RoleView | null, active: boolean | null, ownerPin: string, };

export type PinResetInput = { id: string, newPin: string, ownerPin: string, };

export type OwnPinInput = { id: string, oldPin: string, newPin: string, };

export type LogInInput = { personId: string, pin: string, };

export type AuditActionView = "person_added" | "person_changed" | "pin_changed" | "pin_locked" | "duty_started" | "duty_ended" | "stock_adjusted" | "product_deleted" | "settings_changed" | "sale_voided" | "sale_refunded" | "credit_limit_set" | "credit_limit_exceeded" | "price_overridden" | "discount_over_limit" | "stock_counted" | "shift_opened" | "shift_closed" | "cash_moved" | "approval_key_enrolled" | "qris_confirmed";

export type ApprovalView = "owner_pin" | "first_owner" | "own_pin" | "nobody_set_up" | "owner_code";

export type AuditEntryView = { id: string, at: number, actorName: string | null, action: AuditActionView, subject: string | null, detail: string, reason: string | null, approval: ApprovalView | null, };

export type ReturnKindView = "void" | "refund";

export type VoidInput = { saleId: string, reason: string, ownerPin: string | null, 
/**
 * Instead of the PIN: an approval code from the owner's device for this receipt and
 * its total.
 */
approvalCode?: string, };

export type RefundLineInput = { 
/**
 * The sale line's 1-based number.
 */
lineNo: number, qtyMilli: number, };

export type RefundInput = { saleId: string, lines: Array<RefundLineInput>, 
/**
 * How the money goes back.
 */
method: TenderMethod, reason: string, ownerPin: string | null, 
/**
 * Instead of the PIN: an approval code from the owner's device for this receipt and
 * the money back.
 */
approvalCode?: string, };

export type ReturnLineView = { lineNo: number, productId: string, qtyMilli: number, amount: number, };

export type ReturnView = { id: string, saleId: string, kind: ReturnKindView, createdAt: number, cashier: string | null, reason: string, method: TenderMethod, amount: number, lines: Array<ReturnLineView>, };

export type OverRefundView = { saleId: string, receiptNo: string | null, lineNo: number, soldQtyMilli: number, returnedQtyMilli: number, returns: number, };

export type CustomerView = { id: string, name: string, phone: string | null, note: string | null, 
/**
 * The most they may owe (None: no limit set).
 */
creditLimit: number | null, 
/**
 * What they owe now: the sum of their ledger (charges minus repayments and refunds).
 */
balance: number, 
/**
 * Unix ms of the oldest charge not yet paid off (first in, first out); None when
 * nothing is owed.
 */
owingSince: number | null, 
/**
 * Shop-local `YYYY-MM-DD` of the earliest due date among charges not yet paid off.
 */
dueDate: string | null, };

export type CustomerInput = { id: string | null, name: string, phone: string | null, note: string | null, creditLimit: number | null, ownerPin: string | null, };

export type KasbonEntryKindView = "charge" | "repayment" | "refund";

export type KasbonEntryView = { id: string, kind: KasbonEntryKindView, at: number, localTime: string, 
/**
 * Always positive; `kind` says which way it goes.
 */
amount: number, balanceAfter: number, 
/**
 * The sale charged, or the sale a refund came from.
 */
receiptNo: string | null, 
/**
 * How a repayment was paid.
 */
method: TenderMethod | null, dueDate: string | null, cashier: string | null, note: string | null, };

export type CustomerAccountView = { customer: CustomerView, entries: Array<KasbonEntryView>, 
/**
 * The statement of account as plain text, in Bahasa Indonesia.
 */
statementText: string, 
/**
 * A wa.me link with a reminder in Bahasa Indonesia (shop, amount, since when); None
 * without a phone number or when nothing is owed.
 */
reminderUrl: string | null, };

export type KasbonInput = { customerId: string, 
/**
 * `YYYY-MM-DD`, shop-local.
 */
dueDate: string | null, ownerPin: string | null, 
/**
 * Instead of the PIN: an approval code from the owner's device for this customer and
 * the amount charged.
 */
approvalCode?: string, };

export type RepaymentInput = { customerId: string, amount: number, 
/**
 * Cash, QRIS or transfer.
 */
method: TenderMethod, reference: string | null, note: string | null, };

export type ShiftMethodView = { method: TenderMethod, 
/**
 * Takings by this method (sales minus refunds, plus kasbon repayments; change given is
 * not takings), before the float and cash moves.
 */
takings: number, 
/**
 * What should be there: for cash, float + takings + cash in − cash out.
 */
expected: number, counted: number | null, 
/**
 * `counted − expected` (negative: short).
 */
difference: number | null, };

export type CashMoveKind = "in" | "out";

export type CashMoveView = { id: string, kind: CashMoveKind, amount: number, reason: string, at: number, by: string | null, };

export type ShiftView = { id: string, 
/**
 * The till's receipt prefix.
 */
deviceCode: string | null, 
/**
 * Opened on this till (false: pulled from another till of the shop).
 */
thisTill: boolean, openedAt: number, openedBy: string | null, float: number, closedAt: number | null, closedBy: string | null, saleCount: number, salesTotal: number, 
/**
 * What was put on customers' kasbon in the shift (not in the drawer).
 */
kasbonCharged: number, refunds: number, cashIn: number, cashOut: number, methods: Array<ShiftMethodView>, cashMoves: Array<CashMoveView>, note: string | null, };

export type ShiftStatusView = { open: ShiftView | null, lastCountedCash: number | null, 
/**
 * Sales rung up today on this till with no shift open.
 */
salesOutsideShift: number, };

export type OpenShiftInput = { float: number, };

export type CashMoveInput = { kind: CashMoveKind, amount: number, reason: string, };

export type CloseShiftInput = { countedCash: number, countedQris: number | null, countedTransfer: number | null, note: string | null, };

export type CountLineInput = { productId: string, countedMilli: number, };

export type CountInput = { lines: Array<CountLineInput>, note: string | null, ownerPin: string | null, };

export type CountLineView = { productId: string, name: string, unit: string, expectedMilli: number, countedMilli: number, differenceMilli: number, unitCost: number, 
/**
 * The difference at cost (negative: goods missing).
 */
value: number, };

export type CountView = { id: string, at: number, localTime: string, by: string | null, note: string | null, thisTill: boolean, lines: Array<CountLineView>, 
/**
 * Σ line values.
 */
value: number, };

export type ApprovalCodeInput = { key: string, action: string, subject: string, amount: number, };

/** A failure on the till itself. */
export type AppErrorCode =
  | 'database'
  | 'io'
  | 'database_locked'
  | 'schema_too_new'
  | 'not_initialised'
  | 'already_initialised'
  | 'unknown_product'
  | 'unknown_sale'
  | 'empty_cart'
  | 'no_such_line'
  | 'invalid_input'
  | 'insufficient_payment'
  | 'overpaid'
  | 'import_rejected'
  | 'not_paired'
  | 'already_paired'
  | 'acked_beyond_outbox'
  | 'outbox_broken'
  | 'unknown_person'
  | 'person_retired'
  | 'wrong_pin'
  | 'pin_locked'
  | 'no_owner'
  | 'owner_approval_required'
  | 'last_owner'
  | 'unknown_customer'
  | 'over_credit_limit'
  | 'shift_already_open'
  | 'no_open_shift'
  | 'bad_approval_code'
  | 'approval_code_used'
  | 'no_approval_key'
  | 'unreachable'
  | 'timeout'
  | 'bad_reply'
  | 'push_stalled'
  | 'invalid_url'
  | 'engine_stopped'
  | 'server_too_old'
  | 'server_error';

/** A code the server sends, passed through. */
export type ServerErrorCode =
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

/** Every `code` an AppError can have. */
export type ErrorCode = AppErrorCode | ServerErrorCode;

export const APP_ERROR_CODES: readonly AppErrorCode[] = [
  'database',
  'io',
  'database_locked',
  'schema_too_new',
  'not_initialised',
  'already_initialised',
  'unknown_product',
  'unknown_sale',
  'empty_cart',
  'no_such_line',
  'invalid_input',
  'insufficient_payment',
  'overpaid',
  'import_rejected',
  'not_paired',
  'already_paired',
  'acked_beyond_outbox',
  'outbox_broken',
  'unknown_person',
  'person_retired',
  'wrong_pin',
  'pin_locked',
  'no_owner',
  'owner_approval_required',
  'last_owner',
  'unknown_customer',
  'over_credit_limit',
  'shift_already_open',
  'no_open_shift',
  'bad_approval_code',
  'approval_code_used',
  'no_approval_key',
  'unreachable',
  'timeout',
  'bad_reply',
  'push_stalled',
  'invalid_url',
  'engine_stopped',
  'server_too_old',
  'server_error',
];

export const SERVER_ERROR_CODES: readonly ServerErrorCode[] = [
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

export const ERROR_CODES: readonly ErrorCode[] = [...APP_ERROR_CODES, ...SERVER_ERROR_CODES];

/** Limits the till checks, for the window to check the same. */
export const LIMITS = {
  /** Most milli-units of one line (100,000 units). */
  maxQtyMilli: 100000000,
  /** Highest price or amount, whole Rupiah. */
  maxPrice: 1000000000,
  /** Most lines in one sale. */
  maxLinesPerSale: 1000,
  /** Fewest digits of a PIN. */
  minPinDigits: 4,
  /** Most digits of a PIN. */
  maxPinDigits: 6,
  /** The wrong PIN in a row that locks a person out first. */
  lockAfterFailures: 3,
  /** The first lock-out, ms; each further wrong PIN doubles it. */
  firstLockMs: 30000,
  /** The longest lock-out, ms. */
  maxLockMs: 900000,
  /** Longest name of a person. */
  maxPersonNameChars: 60,
  /** Longest receipt prefix (letters and digits, upper case). */
  maxDeviceCodeLen: 8,
  /** The symbols of a pairing code. */
  pairingCodeAlphabet: '23456789ABCDEFGHJKMNPQRSTUVWXYZ',
  /** Symbols in one pairing code. */
  pairingCodeLen: 8,
  /** Most sales one list returns. */
  maxSalesListed: 500,
  /** Longest QRIS or transfer reference kept on a payment. */
  maxReferenceChars: 64,
  /** Most favourites on the Kasir screen, pinned ones included. */
  maxFavourites: 12,
} as const;

/** Every window command (crates/laris-app/src/contract.rs). */
export interface Commands {
  /** The shop, this till and the settings. */
  shop(): Promise<ShopView>;
  /** Sets up a shop on a fresh install. */
  setupShop(input: ShopSetupInput): Promise<ShopView>;
  saveSettings(input: SettingsInput): Promise<ShopView>;
  /** A scan or typed text: the exact product, or name matches. */
  lookup(text: string): Promise<LookupView>;
  /** The cart of a WhatsApp order code (works offline). */
  orderCart(code: string): Promise<OrderCartView>;
  categories(): Promise<Array<string>>;
  browse(category: string): Promise<Array<ProductView>>;
  favourites(): Promise<Array<ProductView>>;
  /** Pins a product to this till's favourites (or unpins it); the new favourites. */
  pinFavourite(id: string, pinned: boolean): Promise<Array<ProductView>>;
  products(query: string | null): Promise<Array<ProductView>>;
  saveProduct(input: ProductInput): Promise<ProductView>;
  /** Owner's PIN once anyone is set up on the till. */
  deleteProduct(id: string, ownerPin: string | null): Promise<null>;
  importCsv(text: string): Promise<ImportResult>;
  exportCsv(): Promise<string>;
  recordMovement(input: MovementInput): Promise<ProductView>;
  lowStock(): Promise<Array<StockLevelView>>;
  /** Prices a cart as checkout would. */
  quote(cart: CartInput): Promise<QuoteView>;
  checkout(input: CheckoutInput): Promise<SaleView>;
  sale(id: string): Promise<SaleView>;
  saleByReceipt(receiptNo: string): Promise<SaleView>;
  recentSales(limit: number, wholeShop: boolean): Promise<Array<SaleSummaryView>>;
  report(query: ReportQuery): Promise<ReportView>;
  /** Voids a whole sale of today (owner's PIN in the input). */
  voidSale(input: VoidInput): Promise<ReturnView>;
  /** Refunds some of a sale, any day (owner's PIN in the input). */
  refundSale(input: RefundInput): Promise<ReturnView>;
  /** Every void and refund of a sale, oldest first. */
  saleReturns(saleId: string): Promise<Array<ReturnView>>;
  /** Sale lines taken back beyond what was sold. */
  overRefunds(): Promise<Array<OverRefundView>>;
  /** Everyone who works at the shop, owners first. */
  people(): Promise<Array<PersonView>>;
  /** Who is on duty at this till (null: the lock screen). */
  onDuty(): Promise<OnDutyView | null>;
  /** The first owner on a till with nobody yet; puts them on duty. */
  setUpOwner(input: OwnerSetupInput): Promise<OnDutyView>;
  /** Owner's PIN in the input. */
  addPerson(input: PersonInput): Promise<PersonView>;
  /** Owner's PIN in the input. */
  changePerson(input: PersonChangeInput): Promise<PersonView>;
  /** Owner's PIN in the input. */
  resetPin(input: PinResetInput): Promise<null>;
  changeOwnPin(input: OwnPinInput): Promise<null>;
  logIn(input: LogInInput): Promise<OnDutyView>;
  logOut(): Promise<null>;
  /** The audit log, latest first. */
  auditLog(limit: number): Promise<Array<AuditEntryView>>;
  /** A new approval-code key for this till (owner's PIN), shown once. */
  enrolApprovalKey(ownerPin: string): Promise<string>;
  /** On the owner's device: the approval code for an action, offline. */
  approvalCode(input: ApprovalCodeInput): Promise<string>;
  /** Customers with kasbon accounts, by name; `query` filters by name or phone. */
  customers(query: string | null): Promise<Array<CustomerView>>;
  /** Who owes what and since when, the oldest debt first. */
  kasbonBook(): Promise<Array<CustomerView>>;
  /** A new customer or a change (a credit limit needs the owner's PIN). */
  saveCustomer(input: CustomerInput): Promise<CustomerView>;
  /** A customer's ledger, statement and WhatsApp reminder. */
  customerAccount(id: string): Promise<CustomerAccountView>;
  repayKasbon(input: RepaymentInput): Promise<CustomerAccountView>;
  /** This till's open shift and the float to offer. */
  shiftStatus(): Promise<ShiftStatusView>;
  openShift(input: OpenShiftInput): Promise<ShiftView>;
  cashMove(input: CashMoveInput): Promise<ShiftView>;
  /** Closes the open shift: expected vs counted per method. */
  closeShift(input: CloseShiftInput): Promise<ShiftView>;
  /** Shifts of every till, latest first. */
  shifts(limit: number): Promise<Array<ShiftView>>;
  /** A stock count (owner's PIN in the input). */
  recordCount(input: CountInput): Promise<CountView>;
  /** Stock counts of every till, latest first. */
  counts(limit: number): Promise<Array<CountView>>;
  /** Suppliers named on restocks, by name. */
  suppliers(): Promise<Array<string>>;
  syncStatus(): Promise<SyncView>;
  syncNow(): Promise<SyncView>;
  /** This till's receipt printer. */
  printerSettings(): Promise<PrinterSettingsView>;
  savePrinterSettings(input: PrinterSettingsView): Promise<PrinterSettingsView>;
  /** Queues the test page; the job's fate is in `print_status`. */
  testPrinter(): Promise<PrintJobView>;
  /** Queues a sale's receipt (`reprint`: marked CETAK ULANG); never waits on the printer. */
  printReceipt(saleId: string, reprint: boolean): Promise<PrintJobView>;
  printStatus(): Promise<PrintStatusView>;
  /** A sale's receipt as a PNG on this till's paper width, to save or share. */
  receiptImage(saleId: string): Promise<ReceiptImageView>;
  /** Saves that picture in the downloads folder; where it went. */
  saveReceiptImage(saleId: string): Promise<SavedFileView>;
  /** Whom a pasted static QRIS pays (checked), before the owner saves it. */
  checkQris(payload: string): Promise<QrisCheckView>;
  /** The shop's QRIS for this exact amount, to show at payment. */
  qrisPayment(amount: number): Promise<QrisPaymentView>;
  /** The QRIS money of a sale recorded unverified has arrived. */
  confirmQris(saleId: string): Promise<UnverifiedQrisView>;
  /** Sales of the last month whose QRIS money no one has confirmed. */
  unverifiedQris(): Promise<Array<UnverifiedQrisView>>;
  /** A bank's QRIS settlement list (CSV text) matched to the sales (read only). */
  reconcileQris(text: string): Promise<ReconciliationView>;
  /** Pairs this till with a server (network). */
  pair(input: PairInput): Promise<SyncView>;
  /** "Daftar toko": makes the owner's account and the shop on the server and */
  /** pairs this till with it, sending its catalog up (network). */
  signUpShop(input: SignUpInput): Promise<SyncView>;
  unpair(): Promise<SyncView>;
  /** The proof of sync: asks the server what it holds (network). */
  proof(): Promise<ProofView>;
}

export const COMMAND_NAMES = ['shop', 'setup_shop', 'save_settings', 'lookup', 'order_cart', 'categories', 'browse', 'favourites', 'pin_favourite', 'products', 'save_product', 'delete_product', 'import_csv', 'export_csv', 'record_movement', 'low_stock', 'quote', 'checkout', 'sale', 'sale_by_receipt', 'recent_sales', 'report', 'void_sale', 'refund_sale', 'sale_returns', 'over_refunds', 'people', 'on_duty', 'set_up_owner', 'add_person', 'change_person', 'reset_pin', 'change_own_pin', 'log_in', 'log_out', 'audit_log', 'enrol_approval_key', 'approval_code', 'customers', 'kasbon_book', 'save_customer', 'customer_account', 'repay_kasbon', 'shift_status', 'open_shift', 'cash_move', 'close_shift', 'shifts', 'record_count', 'counts', 'suppliers', 'sync_status', 'sync_now', 'printer_settings', 'save_printer_settings', 'test_printer', 'print_receipt', 'print_status', 'receipt_image', 'save_receipt_image', 'check_qris', 'qris_payment', 'confirm_qris', 'unverified_qris', 'reconcile_qris', 'pair', 'sign_up_shop', 'unpair', 'proof'] as const;

/** The commands over Tauri's `invoke` (snake_case names, camelCase argument keys). */
export function invokeCommands(
  invoke: (cmd: string, args?: Record<string, unknown>) => Promise<unknown>,
): Commands {
  return {
    shop: () => invoke('shop') as Promise<ShopView>,
    setupShop: (input) => invoke('setup_shop', { input }) as Promise<ShopView>,
    saveSettings: (input) => invoke('save_settings', { input }) as Promise<ShopView>,
    lookup: (text) => invoke('lookup', { text }) as Promise<LookupView>,
    orderCart: (code) => invoke('order_cart', { code }) as Promise<OrderCartView>,
    categories: () => invoke('categories') as Promise<Array<string>>,
    browse: (category) => invoke('browse', { category }) as Promise<Array<ProductView>>,
    favourites: () => invoke('favourites') as Promise<Array<ProductView>>,
    pinFavourite: (id, pinned) => invoke('pin_favourite', { id, pinned }) as Promise<Array<ProductView>>,
    products: (query) => invoke('products', { query }) as Promise<Array<ProductView>>,
    saveProduct: (input) => invoke('save_product', { input }) as Promise<ProductView>,
    deleteProduct: (id, ownerPin) => invoke('delete_product', { id, ownerPin }) as Promise<null>,
    importCsv: (text) => invoke('import_csv', { text }) as Promise<ImportResult>,
    exportCsv: () => invoke('export_csv') as Promise<string>,
    recordMovement: (input) => invoke('record_movement', { input }) as Promise<ProductView>,
    lowStock: () => invoke('low_stock') as Promise<Array<StockLevelView>>,
    quote: (cart) => invoke('quote', { cart }) as Promise<QuoteView>,
    checkout: (input) => invoke('checkout', { input }) as Promise<SaleView>,
    sale: (id) => invoke('sale', { id }) as Promise<SaleView>,
    saleByReceipt: (receiptNo) => invoke('sale_by_receipt', { receiptNo }) as Promise<SaleView>,
    recentSales: (limit, wholeShop) => invoke('recent_sales', { limit, wholeShop }) as Promise<Array<SaleSummaryView>>,
    report: (query) => invoke('report', { query }) as Promise<ReportView>,
    voidSale: (input) => invoke('void_sale', { input }) as Promise<ReturnView>,
    refundSale: (input) => invoke('refund_sale', { input }) as Promise<ReturnView>,
    saleReturns: (saleId) => invoke('sale_returns', { saleId }) as Promise<Array<ReturnView>>,
    overRefunds: () => invoke('over_refunds') as Promise<Array<OverRefundView>>,
    people: () => invoke('people') as Promise<Array<PersonView>>,
    onDuty: () => invoke('on_duty') as Promise<OnDutyView | null>,
    setUpOwner: (input) => invoke('set_up_owner', { input }) as Promise<OnDutyView>,
    addPerson: (input) => invoke('add_person', { input }) as Promise<PersonView>,
    changePerson: (input) => invoke('change_person', { input }) as Promise<PersonView>,
    resetPin: (input) => invoke('reset_pin', { input }) as Promise<null>,
    changeOwnPin: (input) => invoke('change_own_pin', { input }) as Promise<null>,
    logIn: (input) => invoke('log_in', { input }) as Promise<OnDutyView>,
    logOut: () => invoke('log_out') as Promise<null>,
    auditLog: (limit) => invoke('audit_log', { limit }) as Promise<Array<AuditEntryView>>,
    enrolApprovalKey: (ownerPin) => invoke('enrol_approval_key', { ownerPin }) as Promise<string>,
    approvalCode: (input) => invoke('approval_code', { input }) as Promise<string>,
    customers: (query) => invoke('customers', { query }) as Promise<Array<CustomerView>>,
    kasbonBook: () => invoke('kasbon_book') as Promise<Array<CustomerView>>,
    saveCustomer: (input) => invoke('save_customer', { input }) as Promise<CustomerView>,
    customerAccount: (id) => invoke('customer_account', { id }) as Promise<CustomerAccountView>,
    repayKasbon: (input) => invoke('repay_kasbon', { input }) as Promise<CustomerAccountView>,
    shiftStatus: () => invoke('shift_status') as Promise<ShiftStatusView>,
    openShift: (input) => invoke('open_shift', { input }) as Promise<ShiftView>,
    cashMove: (input) => invoke('cash_move', { input }) as Promise<ShiftView>,
    closeShift: (input) => invoke('close_shift', { input }) as Promise<ShiftView>,
    shifts: (limit) => invoke('shifts', { limit }) as Promise<Array<ShiftView>>,
    recordCount: (input) => invoke('record_count', { input }) as Promise<CountView>,
    counts: (limit) => invoke('counts', { limit }) as Promise<Array<CountView>>,
    suppliers: () => invoke('suppliers') as Promise<Array<string>>,
    syncStatus: () => invoke('sync_status') as Promise<SyncView>,
    syncNow: () => invoke('sync_now') as Promise<SyncView>,
    printerSettings: () => invoke('printer_settings') as Promise<PrinterSettingsView>,
    savePrinterSettings: (input) => invoke('save_printer_settings', { input }) as Promise<PrinterSettingsView>,
    testPrinter: () => invoke('test_printer') as Promise<PrintJobView>,
    printReceipt: (saleId, reprint) => invoke('print_receipt', { saleId, reprint }) as Promise<PrintJobView>,
    printStatus: () => invoke('print_status') as Promise<PrintStatusView>,
    receiptImage: (saleId) => invoke('receipt_image', { saleId }) as Promise<ReceiptImageView>,
    saveReceiptImage: (saleId) => invoke('save_receipt_image', { saleId }) as Promise<SavedFileView>,
    checkQris: (payload) => invoke('check_qris', { payload }) as Promise<QrisCheckView>,
    qrisPayment: (amount) => invoke('qris_payment', { amount }) as Promise<QrisPaymentView>,
    confirmQris: (saleId) => invoke('confirm_qris', { saleId }) as Promise<UnverifiedQrisView>,
    unverifiedQris: () => invoke('unverified_qris') as Promise<Array<UnverifiedQrisView>>,
    reconcileQris: (text) => invoke('reconcile_qris', { text }) as Promise<ReconciliationView>,
    pair: (input) => invoke('pair', { input }) as Promise<SyncView>,
    signUpShop: (input) => invoke('sign_up_shop', { input }) as Promise<SyncView>,
    unpair: () => invoke('unpair') as Promise<SyncView>,
    proof: () => invoke('proof') as Promise<ProofView>,
  };
}
