//! Paying for a cart. One IMMEDIATE transaction writes the sale, its lines, its payments, its
//! stock movements and its outbox entry, so a sale is either wholly on disk or not at all, and
//! the commit costs one WAL fsync.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::books::{KasbonCharge, KasbonEntry, KasbonKind};
use crate::error::{CoreError, Result};
use crate::ledger::{self, Cause, Movement};
use crate::people::OwnerAuthority;
use crate::sale::cart::Cart;
use crate::sale::pricing::{MAX_PRICE, TaxMode};
use crate::settings;
use crate::shop_time::yyyymmdd;
use crate::store::{DeviceStore, immediate_tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentMethod {
    Cash,
    Qris,
    Transfer,
    /// On a customer's account (kasbon): the sale's charge in the customer's ledger.
    Kasbon,
}

impl PaymentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Qris => "qris",
            PaymentMethod::Transfer => "transfer",
            PaymentMethod::Kasbon => "kasbon",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cash" | "tunai" => Ok(PaymentMethod::Cash),
            "qris" => Ok(PaymentMethod::Qris),
            "transfer" | "tf" => Ok(PaymentMethod::Transfer),
            "kasbon" | "hutang" => Ok(PaymentMethod::Kasbon),
            _ => Err(CoreError::invalid(
                "payment_method",
                format!("{s:?} is not cash, qris, transfer or kasbon"),
            )),
        }
    }
}

/// Money handed over: cash (any amount; change comes back), or an exact QRIS/transfer amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tender {
    pub method: PaymentMethod,
    pub amount: i64,
    pub reference: Option<String>,
    /// A QRIS payment the cashier saw arrive (the merchant app, the soundbox) before finishing
    /// the sale: recorded settled. Otherwise QRIS is recorded unverified until confirmed.
    pub confirmed: bool,
}

impl Tender {
    pub fn cash(amount: i64) -> Self {
        Tender {
            method: PaymentMethod::Cash,
            amount,
            reference: None,
            confirmed: false,
        }
    }
    pub fn qris(amount: i64) -> Self {
        Tender {
            method: PaymentMethod::Qris,
            amount,
            reference: None,
            confirmed: false,
        }
    }

    /// The QRIS payment seen arriving before the sale was finished.
    pub fn qris_confirmed(amount: i64, reference: Option<String>) -> Self {
        Tender {
            reference,
            confirmed: true,
            ..Tender::qris(amount)
        }
    }
    pub fn transfer(amount: i64, reference: Option<String>) -> Self {
        Tender {
            method: PaymentMethod::Transfer,
            amount,
            reference,
            confirmed: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SalePayment {
    pub method: PaymentMethod,
    /// What this payment settles of the total.
    pub amount: i64,
    /// What was handed over; more than `amount` only for cash.
    pub tendered: i64,
    pub reference: Option<String>,
    /// QRIS is `unverified` until someone checks the merchant app.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SaleLine {
    pub line_no: i64,
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub qty_milli: i64,
    pub unit_price: i64,
    pub unit_cost: i64,
    pub gross: i64,
    pub discount: i64,
    pub cost: i64,
}

/// A completed, immutable sale.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Sale {
    pub id: Uuid,
    pub device_id: Uuid,
    pub receipt_no: String,
    pub created_at: i64,
    pub cashier: Option<String>,
    pub gross: i64,
    pub line_discount: i64,
    pub cart_discount: i64,
    pub tax_mode: TaxMode,
    pub tax_rate_bp: i64,
    pub tax: i64,
    pub rounding: i64,
    pub total: i64,
    pub tendered: i64,
    pub change: i64,
    pub cost: i64,
    pub lines: Vec<SaleLine>,
    pub payments: Vec<SalePayment>,
}

impl Sale {
    /// Revenue net of discounts and PPN.
    pub fn revenue(&self) -> i64 {
        self.total - self.tax - self.rounding
    }
}

/// The longest QRIS or transfer reference kept (a bank's reference is 12 to 30 characters).
pub const MAX_REFERENCE_CHARS: usize = 64;

/// Splits the tenders over the total: non-cash settles first and never gives change; cash
/// covers the rest and returns the change.
fn allocate(total: i64, tenders: &[Tender]) -> Result<(Vec<SalePayment>, i64, i64)> {
    for t in tenders {
        if t.reference
            .as_deref()
            .is_some_and(|r| r.trim().chars().count() > MAX_REFERENCE_CHARS)
        {
            return Err(CoreError::invalid(
                "reference",
                format!("a payment reference has at most {MAX_REFERENCE_CHARS} characters"),
            ));
        }
        if t.amount <= 0 || t.amount > MAX_PRICE {
            return Err(CoreError::invalid(
                "payment",
                format!(
                    "a {} payment of Rp {} is not valid",
                    t.method.as_str(),
                    t.amount
                ),
            ));
        }
    }
    let non_cash: i64 = tenders
        .iter()
        .filter(|t| t.method != PaymentMethod::Cash)
        .map(|t| t.amount)
        .sum();
    let tendered: i64 = tenders.iter().map(|t| t.amount).sum();
    if non_cash > total {
        return Err(CoreError::Overpaid { total, non_cash });
    }
    if tendered < total {
        return Err(CoreError::InsufficientPayment {
            total,
            paid: tendered,
        });
    }
    let mut cash_due = total - non_cash;
    let payments = tenders
        .iter()
        .map(|t| {
            let amount = match t.method {
                PaymentMethod::Cash => {
                    let a = t.amount.min(cash_due);
                    cash_due -= a;
                    a
                }
                _ => t.amount,
            };
            SalePayment {
                method: t.method,
                amount,
                tendered: t.amount,
                reference: t
                    .reference
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(String::from),
                status: if t.method == PaymentMethod::Qris && !t.confirmed {
                    "unverified"
                } else {
                    "settled"
                }
                .into(),
            }
        })
        .collect();
    Ok((payments, tendered, tendered - total))
}

/// The id of the stock movement of a sale's line: derived, not random, so a sale fully
/// determines its movements and the wire need not carry their ids.
pub fn sale_movement_id(sale_id: Uuid, line_no: i64) -> Uuid {
    Uuid::new_v5(&sale_id, &line_no.to_be_bytes())
}

/// What a checkout may carry besides the cart and the money: the rest of the total on a
/// customer's account, and the owner's authority for what needs it (a typed price, a
/// discount above the shop's limit, kasbon over the customer's credit limit).
#[derive(Debug, Default)]
pub struct CheckoutOptions {
    pub kasbon: Option<KasbonCharge>,
    pub authority: Option<OwnerAuthority>,
}

/// Why a checkout needs the owner.
#[derive(Debug, Default)]
struct Approvals {
    price_overridden: Vec<String>,
    discount_over_limit: Option<(i64, i64)>,
    over_credit_limit: Option<(i64, i64)>,
}

impl Approvals {
    fn any(&self) -> bool {
        !self.price_overridden.is_empty()
            || self.discount_over_limit.is_some()
            || self.over_credit_limit.is_some()
    }
}

impl DeviceStore {
    /// Records the sale of `cart`, paid with `tenders`. Nothing is written unless everything is
    /// valid; once this returns `Ok`, the sale is durable.
    pub fn checkout(
        &mut self,
        cart: &Cart,
        tenders: &[Tender],
        cashier: Option<&str>,
    ) -> Result<Sale> {
        self.checkout_with(cart, tenders, cashier, CheckoutOptions::default())
    }

    /// [`Self::checkout`] with kasbon and the owner's authority. With `kasbon`, `tenders`
    /// are the down payment (none is allowed) and the rest of the total is charged to the
    /// customer's account in the sale's transaction.
    pub fn checkout_with(
        &mut self,
        cart: &Cart,
        tenders: &[Tender],
        cashier: Option<&str>,
        options: CheckoutOptions,
    ) -> Result<Sale> {
        let r = self.checkout_unchecked(cart, tenders, cashier, options);
        self.counting_codes(r)
    }

    fn checkout_unchecked(
        &mut self,
        cart: &Cart,
        tenders: &[Tender],
        cashier: Option<&str>,
        options: CheckoutOptions,
    ) -> Result<Sale> {
        if cart.is_empty() {
            return Err(CoreError::EmptyCart);
        }
        if tenders.iter().any(|t| t.method == PaymentMethod::Kasbon) {
            return Err(CoreError::invalid(
                "payment_method",
                "put a sale on kasbon by choosing the customer, not as a payment",
            ));
        }
        let device = self.device()?.clone();
        let now = self.clock.now_ms();
        let ids = self.ids.clone();
        let shop = settings::load(&self.conn)?;
        let totals = cart.totals(shop.pricing())?;
        let mut approvals = Approvals::default();
        for l in &cart.lines {
            let listed = crate::catalog::product_by_id(&self.conn, l.product.id)?
                .map_or(l.product.price, |p| p.price);
            if listed != l.product.price {
                approvals.price_overridden.push(format!(
                    "{}: {} instead of {}",
                    l.product.name,
                    crate::format_rupiah(l.product.price),
                    crate::format_rupiah(listed)
                ));
            }
        }
        let discount = totals.line_discount + totals.cart_discount;
        if shop.max_discount_bp < settings::NO_DISCOUNT_LIMIT
            && i128::from(discount) * 10_000
                > i128::from(totals.gross) * i128::from(shop.max_discount_bp)
        {
            approvals.discount_over_limit = Some((discount, totals.gross));
        }
        let mut all_tenders = tenders.to_vec();
        let charge = match options.kasbon {
            None => None,
            Some(k) => {
                let customer = crate::books::customers::load(&self.conn, k.customer_id)?
                    .ok_or_else(|| CoreError::UnknownCustomer(k.customer_id.to_string()))?;
                let down: i64 = tenders.iter().map(|t| t.amount).sum();
                if down >= totals.total {
                    return Err(CoreError::invalid(
                        "kasbon",
                        "the down payment covers the total: nothing is left for kasbon",
                    ));
                }
                let amount = totals.total - down;
                let balance_after =
                    crate::books::kasbon::balance(&self.conn, customer.id)? + amount;
                if let Some(limit) = customer.credit_limit
                    && balance_after > limit
                {
                    approvals.over_credit_limit = Some((limit, balance_after));
                }
                all_tenders.push(Tender {
                    method: PaymentMethod::Kasbon,
                    amount,
                    reference: Some(customer.name.clone()),
                    confirmed: false,
                });
                Some((k, amount))
            }
        };
        let (payments, tendered, change) = allocate(totals.total, &all_tenders)?;
        let over_limit_of = options
            .kasbon
            .zip(charge)
            .map(|(k, (_, amount))| (k.customer_id, amount));
        let authority = match options.authority {
            Some(a) => Some(a),
            None if approvals.any() => Some(self.owner_authority(None).map_err(|e| {
                match (e, approvals.over_credit_limit) {
                    (CoreError::OwnerApprovalRequired, Some((limit, balance_after))) => {
                        CoreError::OverCreditLimit {
                            limit,
                            balance_after,
                        }
                    }
                    (e, _) => e,
                }
            })?),
            None => None,
        };
        let cashier = cashier
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from);

        let tx = immediate_tx(&mut self.conn)?;
        // The person on duty sold it, whatever name the caller passed: `cashier` is for a
        // till nobody logs in to.
        let cashier = crate::people::on_duty(&tx)?
            .map(|d| d.person.name)
            .or(cashier);
        // Read under the write lock, before this sale writes: a rank fresh now only lacks
        // this sale's counts, which it takes after the commit. (If even that cannot be read,
        // the rank is just rebuilt later: never a reason to refuse a sale.)
        let rank_was_fresh = self.rank.get_mut().is_fresh(&tx).unwrap_or(false);
        let day = yyyymmdd(shop.timezone.local_date(now));
        let day_seq: i64 = tx
            .prepare_cached(
                "SELECT COALESCE(MAX(receipt_seq), 0) + 1 FROM sales
                 WHERE device_id = ?1 AND receipt_day = ?2",
            )?
            .query_row(params![device.device_id, day], |r| r.get(0))?;
        let sale = Sale {
            id: ids.new_id(now),
            device_id: device.device_id,
            receipt_no: format!("{}-{day}-{day_seq:04}", device.code),
            created_at: now,
            cashier,
            gross: totals.gross,
            line_discount: totals.line_discount,
            cart_discount: totals.cart_discount,
            tax_mode: shop.tax.mode,
            tax_rate_bp: shop.tax.rate_bp,
            tax: totals.tax,
            rounding: totals.rounding,
            total: totals.total,
            tendered,
            change,
            cost: totals.cost,
            lines: cart
                .lines
                .iter()
                .zip(&totals.lines)
                .enumerate()
                .map(|(i, (l, a))| SaleLine {
                    line_no: i as i64 + 1,
                    product_id: l.product.id,
                    sku: l.product.sku.clone(),
                    name: l.product.name.clone(),
                    unit: l.product.unit.clone(),
                    qty_milli: l.qty_milli,
                    unit_price: l.product.price,
                    unit_cost: l.product.cost,
                    gross: a.gross,
                    discount: a.discount,
                    cost: a.cost,
                })
                .collect(),
            payments,
        };
        tx.prepare_cached(
            "INSERT INTO sales (id, device_id, receipt_no, receipt_day, receipt_seq, created_at,
                 cashier, gross, line_discount, cart_discount, tax_mode, tax_rate_bp, tax, rounding,
                 total, tendered, change, cost, line_count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        )?
        .execute(params![
            sale.id, sale.device_id, sale.receipt_no, day, day_seq, now, sale.cashier, sale.gross,
            sale.line_discount, sale.cart_discount, sale.tax_mode.as_str(), sale.tax_rate_bp,
            sale.tax, sale.rounding, sale.total, sale.tendered, sale.change, sale.cost,
            sale.lines.len() as i64
        ])?;
        insert_sale_rows(
            &tx,
            &sale,
            |n| cart.lines[n].product.track_stock,
            now,
            ProductCheck::MustExist,
        )?;
        crate::sync::outbox::append(&tx, "sale", sale.id, now)?;
        if let (Some(code), Some((customer_id, amount))) =
            (authority.as_ref().and_then(|a| a.code()), over_limit_of)
        {
            let name = crate::books::customers::load(&tx, customer_id)?
                .map(|c| c.name)
                .unwrap_or_default();
            code.confirm(
                &tx,
                crate::people::approval_code::CodeAction::Kasbon,
                &name,
                amount,
                now,
            )?;
        }
        if let Some((k, amount)) = charge {
            let entry = KasbonEntry {
                id: ids.new_id(now),
                customer_id: k.customer_id,
                device_id: device.device_id,
                kind: KasbonKind::Charge,
                amount,
                created_at: now,
                sale_id: Some(sale.id),
                return_id: None,
                method: None,
                reference: None,
                due_day: k.due_day,
                cashier: sale.cashier.clone(),
                note: None,
                approved_by: approvals
                    .over_credit_limit
                    .and(authority.as_ref())
                    .and_then(|a| a.owner().map(|o| o.id)),
            };
            crate::books::kasbon::insert_entry(&tx, &entry)?;
            crate::sync::outbox::append(&tx, crate::books::KASBON_EVENT, entry.id, now)?;
        }
        if let Some(authority) = &authority {
            let subject = Some(sale.id.to_string());
            let mut audited = Vec::new();
            if !approvals.price_overridden.is_empty() {
                audited.push((
                    AuditAction::PriceOverridden,
                    format!(
                        "{}: {}",
                        sale.receipt_no,
                        approvals.price_overridden.join("; ")
                    ),
                ));
            }
            if let Some((discount, gross)) = approvals.discount_over_limit {
                audited.push((
                    AuditAction::DiscountOverLimit,
                    format!(
                        "{}: discount {} of {} (limit {}.{:02}%)",
                        sale.receipt_no,
                        crate::format_rupiah(discount),
                        crate::format_rupiah(gross),
                        shop.max_discount_bp / 100,
                        shop.max_discount_bp % 100
                    ),
                ));
            }
            if let Some((limit, after)) = approvals.over_credit_limit {
                audited.push((
                    AuditAction::CreditLimitExceeded,
                    format!(
                        "{}: kasbon balance {} over the limit {}",
                        sale.receipt_no,
                        crate::format_rupiah(after),
                        crate::format_rupiah(limit)
                    ),
                ));
            }
            for (action, detail) in audited {
                let entry = authority.entry(action, subject.clone(), detail, None)?;
                crate::audit::record(&tx, ids.new_id(now), now, device.device_id, &entry)?;
            }
        }
        tx.commit()?;
        self.rank.get_mut().sold(
            &self.conn,
            rank_was_fresh,
            sale.lines.iter().map(|l| l.product_id),
        );
        Ok(sale)
    }

    pub fn sale(&self, id: Uuid) -> Result<Option<Sale>> {
        load_sale(&self.conn, id)
    }

    /// The sale with this receipt number (e.g. `A-20261127-0042`): this till's own if it has
    /// one; another till's only if exactly one other has it. Two tills could share a prefix
    /// before the server refused duplicates, and a restored till may have reused numbers, so
    /// a number alone never picks another till's sale over this one's, or one of several.
    pub fn sale_by_receipt(&self, receipt_no: &str) -> Result<Option<Sale>> {
        sale_by_receipt(&self.conn, self.device()?.device_id, receipt_no)
    }
}

/// [`DeviceStore::sale_by_receipt`] on any connection, `me` being this till.
pub(crate) fn sale_by_receipt(
    conn: &Connection,
    me: Uuid,
    receipt_no: &str,
) -> Result<Option<Sale>> {
    let ids: Vec<(Uuid, bool)> = conn
        .prepare_cached(
            "SELECT id, device_id = ?2 FROM sales WHERE receipt_no = ?1
             ORDER BY device_id = ?2 DESC, created_at DESC LIMIT 3",
        )?
        .query_map(params![receipt_no.trim(), me], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let id = match ids.as_slice() {
        [(id, true), ..] | [(id, false)] => Some(*id),
        _ => None,
    };
    id.map_or(Ok(None), |id| load_sale(conn, id))
}

/// Reads a sale with its lines and payments.
pub fn load_sale(conn: &Connection, id: Uuid) -> Result<Option<Sale>> {
    let sale = conn
        .prepare_cached(
            "SELECT id, device_id, receipt_no, created_at, cashier, gross, line_discount,
                 cart_discount, tax_mode, tax_rate_bp, tax, rounding, total, tendered, change, cost
             FROM sales WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Sale {
                id: r.get(0)?,
                device_id: r.get(1)?,
                receipt_no: r.get(2)?,
                created_at: r.get(3)?,
                cashier: r.get(4)?,
                gross: r.get(5)?,
                line_discount: r.get(6)?,
                cart_discount: r.get(7)?,
                tax_mode: TaxMode::parse(&r.get::<_, String>(8)?).unwrap_or_default(),
                tax_rate_bp: r.get(9)?,
                tax: r.get(10)?,
                rounding: r.get(11)?,
                total: r.get(12)?,
                tendered: r.get(13)?,
                change: r.get(14)?,
                cost: r.get(15)?,
                lines: Vec::new(),
                payments: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut sale) = sale else {
        return Ok(None);
    };
    sale.lines = conn
        .prepare_cached(
            "SELECT line_no, product_id, sku, name, unit, qty_milli, unit_price, unit_cost, gross,
                 discount, cost FROM sale_lines WHERE sale_id = ?1 ORDER BY line_no",
        )?
        .query_map([id], |r| {
            Ok(SaleLine {
                line_no: r.get(0)?,
                product_id: r.get(1)?,
                sku: r.get(2)?,
                name: r.get(3)?,
                unit: r.get(4)?,
                qty_milli: r.get(5)?,
                unit_price: r.get(6)?,
                unit_cost: r.get(7)?,
                gross: r.get(8)?,
                discount: r.get(9)?,
                cost: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    sale.payments = conn
        .prepare_cached(
            "SELECT method, amount, tendered, reference, status FROM sale_payments
             WHERE sale_id = ?1 ORDER BY idx",
        )?
        .query_map([id], |r| {
            let method: String = r.get(0)?;
            Ok(SalePayment {
                method: PaymentMethod::parse(&method).unwrap_or(PaymentMethod::Cash),
                amount: r.get(1)?,
                tendered: r.get(2)?,
                reference: r.get(3)?,
                status: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(sale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cash_gives_change_and_non_cash_never_does() {
        let (p, tendered, change) = allocate(43_500, &[Tender::cash(50_000)]).unwrap();
        assert_eq!((p[0].amount, tendered, change), (43_500, 50_000, 6_500));
        let (p, _, change) =
            allocate(43_500, &[Tender::qris(40_000), Tender::cash(5_000)]).unwrap();
        assert_eq!((p[0].amount, p[1].amount, change), (40_000, 3_500, 1_500));
        assert_eq!(p[0].status, "unverified");
        assert_eq!(
            allocate(43_500, &[Tender::transfer(50_000, None)])
                .unwrap_err()
                .code(),
            "overpaid"
        );
        assert_eq!(
            allocate(43_500, &[Tender::cash(40_000)])
                .unwrap_err()
                .code(),
            "insufficient_payment"
        );
        assert_eq!(
            allocate(1, &[Tender::cash(-5)]).unwrap_err().code(),
            "invalid_input"
        );
        assert_eq!(allocate(0, &[]).unwrap().2, 0);
    }
}

/// Whether a sold product must be in this catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProductCheck {
    /// A sale rung up here: its products are ours, or the cart was stale.
    MustExist,
    /// A sale pulled from another till: its product may not have arrived yet.
    MayBeMissing,
}

/// The one writer of a sale's lines and payments, for sales rung up here and pulled ones: each
/// line with its stock movement when `moves_stock(index)`, the product's sold count, then the
/// payments. The `sales` row is the caller's (its receipt numbering differs).
pub(crate) fn insert_sale_rows(
    tx: &Connection,
    sale: &Sale,
    moves_stock: impl Fn(usize) -> bool,
    moved_at: i64,
    check: ProductCheck,
) -> Result<()> {
    let mut line_stmt = tx.prepare_cached(
        "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, unit, qty_milli,
             unit_price, unit_cost, gross, discount, cost)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    let mut rank_stmt =
        tx.prepare_cached("UPDATE products SET sold_count = sold_count + 1 WHERE id = ?1")?;
    for (i, line) in sale.lines.iter().enumerate() {
        line_stmt.execute(params![
            sale.id,
            line.line_no,
            line.product_id,
            line.sku,
            line.name,
            line.unit,
            line.qty_milli,
            line.unit_price,
            line.unit_cost,
            line.gross,
            line.discount,
            line.cost
        ])?;
        if moves_stock(i) {
            ledger::insert_movement(
                tx,
                &Movement {
                    id: sale_movement_id(sale.id, line.line_no),
                    product_id: line.product_id,
                    device_id: sale.device_id,
                    qty_milli: -line.qty_milli,
                    cause: Cause::Sale(sale.id),
                    created_at: moved_at,
                },
            )?;
        }
        // Doubles as the check that the product is in this catalog.
        if rank_stmt.execute([line.product_id])? == 0 && check == ProductCheck::MustExist {
            return Err(CoreError::UnknownProduct(line.sku.clone()));
        }
    }
    let mut pay_stmt = tx.prepare_cached(
        "INSERT INTO sale_payments (sale_id, idx, method, amount, tendered, reference, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, p) in sale.payments.iter().enumerate() {
        pay_stmt.execute(params![
            sale.id,
            i as i64,
            p.method.as_str(),
            p.amount,
            p.tendered,
            p.reference,
            p.status
        ])?;
    }
    Ok(())
}
