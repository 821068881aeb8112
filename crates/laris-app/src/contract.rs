//! The contract between Rust and the window: every command the window may call, declared
//! once in [`with_commands!`] (name, arguments, reply; `async` where it waits on the network).
//! From that one list come the Tauri wrappers and their handler list (src-tauri expands the
//! macro), and, by [`crate::bindings`], the TypeScript `Commands` interface with its `invoke`
//! calls, the command names the shell's build step and capability file allow, the error-code
//! unions and the shared limits. Adding a command is one line here plus its `App` method.
//! Modelled on yaak's rpc schema.

use uuid::Uuid;

use crate::dto::{
    ApprovalCodeInput, CartInput, CashMoveInput, CheckoutInput, CloseShiftInput, CountInput,
    CustomerInput, LogInInput, MovementInput, OpenShiftInput, OwnPinInput, OwnerSetupInput,
    PairInput, PersonChangeInput, PersonInput, PinResetInput, PrinterSettingsView, ProductInput,
    RefundInput, RepaymentInput, ReportQuery, SettingsInput, ShopSetupInput, SignUpInput, SyncView,
    VoidInput,
};
use crate::error::Result;

/// Calls `$callback!` with every window command, as `$(#[doc])* fn name(arg: Type, ...) ->
/// Reply;`, in two groups: `blocking` (SQLite only) and `awaiting` (they wait on the
/// network). Argument types are what the window sends (deserialized by value); the `App`
/// method borrows them as [`Lend`] says.
#[macro_export]
macro_rules! with_commands {
    ($callback:ident) => {
        $callback! {
            blocking {
                /// The shop, this till and the settings.
                fn shop() -> ShopView;
                /// Sets up a shop on a fresh install.
                fn setup_shop(input: ShopSetupInput) -> ShopView;
                fn save_settings(input: SettingsInput) -> ShopView;
                /// A scan or typed text: the exact product, or name matches.
                fn lookup(text: String) -> LookupView;
                /// The cart of a WhatsApp order code (works offline).
                fn order_cart(code: String) -> OrderCartView;
                fn categories() -> Vec<String>;
                fn browse(category: String) -> Vec<ProductView>;
                fn favourites() -> Vec<ProductView>;
                /// Pins a product to this till's favourites (or unpins it); the new favourites.
                fn pin_favourite(id: Uuid, pinned: bool) -> Vec<ProductView>;
                fn products(query: Option<String>) -> Vec<ProductView>;
                fn save_product(input: ProductInput) -> ProductView;
                /// Owner's PIN once anyone is set up on the till.
                fn delete_product(id: Uuid, owner_pin: Option<String>) -> ();
                fn import_csv(text: String) -> ImportResult;
                fn export_csv() -> String;
                fn record_movement(input: MovementInput) -> ProductView;
                fn low_stock() -> Vec<StockLevelView>;
                /// Prices a cart as checkout would.
                fn quote(cart: CartInput) -> QuoteView;
                fn checkout(input: CheckoutInput) -> SaleView;
                fn sale(id: Uuid) -> SaleView;
                fn sale_by_receipt(receipt_no: String) -> SaleView;
                fn recent_sales(limit: u32, whole_shop: bool) -> Vec<SaleSummaryView>;
                fn report(query: ReportQuery) -> ReportView;
                /// Voids a whole sale of today (owner's PIN in the input).
                fn void_sale(input: VoidInput) -> ReturnView;
                /// Refunds some of a sale, any day (owner's PIN in the input).
                fn refund_sale(input: RefundInput) -> ReturnView;
                /// Every void and refund of a sale, oldest first.
                fn sale_returns(sale_id: Uuid) -> Vec<ReturnView>;
                /// Sale lines taken back beyond what was sold.
                fn over_refunds() -> Vec<OverRefundView>;
                /// Everyone who works at the shop, owners first.
                fn people() -> Vec<PersonView>;
                /// Who is on duty at this till (null: the lock screen).
                fn on_duty() -> Option<OnDutyView>;
                /// The first owner on a till with nobody yet; puts them on duty.
                fn set_up_owner(input: OwnerSetupInput) -> OnDutyView;
                /// Owner's PIN in the input.
                fn add_person(input: PersonInput) -> PersonView;
                /// Owner's PIN in the input.
                fn change_person(input: PersonChangeInput) -> PersonView;
                /// Owner's PIN in the input.
                fn reset_pin(input: PinResetInput) -> ();
                fn change_own_pin(input: OwnPinInput) -> ();
                fn log_in(input: LogInInput) -> OnDutyView;
                fn log_out() -> ();
                /// The audit log, latest first.
                fn audit_log(limit: u32) -> Vec<AuditEntryView>;
                /// A new approval-code key for this till (owner's PIN), shown once.
                fn enrol_approval_key(owner_pin: String) -> String;
                /// On the owner's device: the approval code for an action, offline.
                fn approval_code(input: ApprovalCodeInput) -> String;
                /// Customers with kasbon accounts, by name; `query` filters by name or phone.
                fn customers(query: Option<String>) -> Vec<CustomerView>;
                /// Who owes what and since when, the oldest debt first.
                fn kasbon_book() -> Vec<CustomerView>;
                /// A new customer or a change (a credit limit needs the owner's PIN).
                fn save_customer(input: CustomerInput) -> CustomerView;
                /// A customer's ledger, statement and WhatsApp reminder.
                fn customer_account(id: Uuid) -> CustomerAccountView;
                fn repay_kasbon(input: RepaymentInput) -> CustomerAccountView;
                /// This till's open shift and the float to offer.
                fn shift_status() -> ShiftStatusView;
                fn open_shift(input: OpenShiftInput) -> ShiftView;
                fn cash_move(input: CashMoveInput) -> ShiftView;
                /// Closes the open shift: expected vs counted per method.
                fn close_shift(input: CloseShiftInput) -> ShiftView;
                /// Shifts of every till, latest first.
                fn shifts(limit: u32) -> Vec<ShiftView>;
                /// A stock count (owner's PIN in the input).
                fn record_count(input: CountInput) -> CountView;
                /// Stock counts of every till, latest first.
                fn counts(limit: u32) -> Vec<CountView>;
                /// Suppliers named on restocks, by name.
                fn suppliers() -> Vec<String>;
                fn sync_status() -> SyncView;
                fn sync_now() -> SyncView;
                /// This till's receipt printer.
                fn printer_settings() -> PrinterSettingsView;
                fn save_printer_settings(input: PrinterSettingsView) -> PrinterSettingsView;
                /// Queues the test page; the job's fate is in `print_status`.
                fn test_printer() -> PrintJobView;
                /// Queues a sale's receipt (`reprint`: marked CETAK ULANG); never waits on the printer.
                fn print_receipt(sale_id: Uuid, reprint: bool) -> PrintJobView;
                fn print_status() -> PrintStatusView;
                /// A sale's receipt as a PNG on this till's paper width, to save or share.
                fn receipt_image(sale_id: Uuid) -> ReceiptImageView;
                /// Saves that picture in the downloads folder; where it went.
                fn save_receipt_image(sale_id: Uuid) -> SavedFileView;
                /// Whom a pasted static QRIS pays (checked), before the owner saves it.
                fn check_qris(payload: String) -> QrisCheckView;
                /// The shop's QRIS for this exact amount, to show at payment.
                fn qris_payment(amount: u32) -> QrisPaymentView;
                /// The QRIS money of a sale recorded unverified has arrived.
                fn confirm_qris(sale_id: Uuid) -> UnverifiedQrisView;
                /// Sales of the last month whose QRIS money no one has confirmed.
                fn unverified_qris() -> Vec<UnverifiedQrisView>;
                /// A bank's QRIS settlement list (CSV text) matched to the sales (read only).
                fn reconcile_qris(text: String) -> ReconciliationView;
            }
            awaiting {
                /// Pairs this till with a server (network).
                fn pair(input: PairInput) -> SyncView;
                /// "Daftar toko": makes the owner's account and the shop on the server and
                /// pairs this till with it, sending its catalog up (network).
                fn sign_up_shop(input: SignUpInput) -> SyncView;
                fn unpair() -> SyncView;
                /// The proof of sync: asks the server what it holds (network).
                fn proof() -> ProofView;
            }
        }
    };
}

/// How a command's argument, deserialized by value, is lent to its `App` method: text as
/// `&str`, inputs by reference, small values copied.
pub trait Lend {
    type Lent<'a>
    where
        Self: 'a;
    fn lend(&self) -> Self::Lent<'_>;
}

impl Lend for String {
    type Lent<'a> = &'a str;
    fn lend(&self) -> &str {
        self
    }
}

impl Lend for Option<String> {
    type Lent<'a> = Option<&'a str>;
    fn lend(&self) -> Option<&str> {
        self.as_deref()
    }
}

macro_rules! copied {
    ($($t:ty),*) => {
        $(impl Lend for $t {
            type Lent<'a> = $t;
            fn lend(&self) -> $t {
                *self
            }
        })*
    };
}

macro_rules! borrowed {
    ($($t:ty),*) => {
        $(impl Lend for $t {
            type Lent<'a> = &'a $t;
            fn lend(&self) -> &$t {
                self
            }
        })*
    };
}

copied!(Uuid, u32, bool);
borrowed!(
    PrinterSettingsView,
    ShopSetupInput,
    SettingsInput,
    ProductInput,
    MovementInput,
    CartInput,
    CheckoutInput,
    ReportQuery,
    PairInput,
    SignUpInput,
    OwnerSetupInput,
    PersonInput,
    PersonChangeInput,
    PinResetInput,
    OwnPinInput,
    LogInInput,
    VoidInput,
    RefundInput,
    CustomerInput,
    RepaymentInput,
    OpenShiftInput,
    CashMoveInput,
    CloseShiftInput,
    CountInput,
    ApprovalCodeInput
);

/// An `App` method's return as a command's reply: most return a `Result`, a few cannot fail.
pub trait IntoReply<T> {
    fn into_reply(self) -> Result<T>;
}

impl<T> IntoReply<T> for Result<T> {
    fn into_reply(self) -> Result<T> {
        self
    }
}

impl IntoReply<SyncView> for SyncView {
    fn into_reply(self) -> Result<SyncView> {
        Ok(self)
    }
}

/// One command as the generators see it.
#[derive(Debug, Clone)]
pub struct CommandSpec {
    pub name: &'static str,
    /// The doc comment, one line per `///`.
    pub doc: &'static [&'static str],
    /// (name, TypeScript type) of each argument.
    pub args: Vec<(&'static str, String)>,
    /// The TypeScript type of the reply.
    pub reply: String,
}

macro_rules! specs {
    (
        blocking { $( $(#[doc = $doc:literal])* fn $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty; )* }
        awaiting { $( $(#[doc = $wdoc:literal])* fn $wname:ident ( $($warg:ident : $wty:ty),* ) -> $wout:ty; )* }
    ) => {
        /// Every command of [`with_commands!`], in its order.
        pub fn commands() -> Vec<CommandSpec> {
            #[allow(unused_imports)]
            use crate::dto::*;
            use ts_rs::TS;
            vec![
                $(CommandSpec {
                    name: stringify!($name),
                    doc: &[$($doc),*],
                    args: vec![$((stringify!($arg), <$ty as TS>::name())),*],
                    reply: <$out as TS>::name(),
                },)*
                $(CommandSpec {
                    name: stringify!($wname),
                    doc: &[$($wdoc),*],
                    args: vec![$((stringify!($warg), <$wty as TS>::name())),*],
                    reply: <$wout as TS>::name(),
                },)*
            ]
        }
    };
}

with_commands!(specs);
