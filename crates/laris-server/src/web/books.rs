//! What step 7's tills sync, as the back office shows it: kasbon owed and every till's
//! shifts (expected vs counted), the period's voids and refunds with the over-refunds
//! flagged, the tills' audit log, and the restocks, adjustments and counts.

use std::collections::{HashMap, HashSet};

use axum::Json;
use axum::extract::State;
use axum::http::Uri;
use laris_protocol::v1::EventBody;
use uuid::Uuid;

use super::shop::{Shop, period};
use super::wire::{
    AuditRowView, BooksView, KasbonRowView, MovementRowView, ReturnRowView, ShiftMethodView,
    ShiftRowView,
};
use crate::error::Result;
use crate::state::AppState;

/// Rows one list answers at most (the newest).
pub const LIST_MAX: u32 = 1_000;

/// Device id → receipt prefix.
async fn device_codes(state: &AppState, store_id: Uuid) -> Result<HashMap<Uuid, String>> {
    Ok(state
        .storage
        .device_status(store_id)
        .await?
        .into_iter()
        .map(|d| (d.device_id, d.code))
        .collect())
}

pub(crate) async fn books(State(state): State<AppState>, shop: Shop) -> Result<Json<BooksView>> {
    let (stored, codes) = tokio::try_join!(
        async { Ok(state.storage.books(shop.store_id).await?) },
        device_codes(&state, shop.store_id)
    )?;
    let books = crate::books::books(&stored);
    Ok(Json(BooksView {
        kasbon_total: books.kasbon_total,
        kasbon: books
            .kasbon
            .into_iter()
            .map(|k| KasbonRowView {
                customer_id: k.customer_id,
                name: k.name,
                balance: k.balance,
                entries: k.entries,
            })
            .collect(),
        shifts: books
            .shifts
            .into_iter()
            .map(|s| ShiftRowView {
                shift_id: s.shift_id,
                device: codes.get(&s.device_id).cloned().unwrap_or_default(),
                opened_at_ms: s.opened_at_ms,
                opened_by: s.opened_by,
                float: s.float,
                cash_in: s.cash_in,
                cash_out: s.cash_out,
                closed_at_ms: s.closed_at_ms,
                closed_by: s.closed_by,
                sale_count: s.sale_count,
                sales_total: s.sales_total,
                methods: s
                    .methods
                    .into_iter()
                    .map(|m| ShiftMethodView {
                        method: m.method,
                        expected: m.expected,
                        counted: m.counted,
                        difference: m.difference,
                    })
                    .collect(),
            })
            .collect(),
    }))
}

pub(crate) async fn returns(
    State(state): State<AppState>,
    shop: Shop,
    uri: Uri,
) -> Result<Json<Vec<ReturnRowView>>> {
    let (_, range) = period(&uri, state.now_ms())?;
    let (rows, over) = tokio::try_join!(
        state.storage.returns_list(shop.store_id, range, LIST_MAX),
        state.storage.over_refunds(shop.store_id, range),
    )?;
    let over: HashSet<Uuid> = over.into_iter().map(|o| o.sale_id).collect();
    Ok(Json(
        rows.into_iter()
            .map(|r| ReturnRowView {
                over_refund: over.contains(&r.sale_id),
                return_id: r.return_id,
                sale_id: r.sale_id,
                receipt_no: r.receipt_no,
                kind: r.kind,
                created_at_ms: r.created_at_ms,
                device: r.device_code,
                method: r.method,
                amount: r.amount,
                reason: r.reason,
                cashier: r.cashier,
            })
            .collect(),
    ))
}

pub(crate) async fn audit(
    State(state): State<AppState>,
    shop: Shop,
    uri: Uri,
) -> Result<Json<Vec<AuditRowView>>> {
    let (_, range) = period(&uri, state.now_ms())?;
    let (stored, codes) = tokio::try_join!(
        async {
            Ok(state
                .storage
                .audit_log(shop.store_id, range, LIST_MAX)
                .await?)
        },
        device_codes(&state, shop.store_id)
    )?;
    let mut rows: Vec<AuditRowView> = stored
        .iter()
        .filter_map(|b| match &b.body {
            EventBody::Audit(a) => Some(AuditRowView {
                at_ms: a.at,
                device: codes.get(&b.device_id).cloned().unwrap_or_default(),
                actor: a.actor_name.clone(),
                action: a.action.clone(),
                subject: a.subject.clone(),
                detail: a.detail.clone(),
                reason: a.reason.clone(),
                approval: a.approval.clone(),
            }),
            _ => None,
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.at_ms));
    Ok(Json(rows))
}

pub(crate) async fn movements(
    State(state): State<AppState>,
    shop: Shop,
    uri: Uri,
) -> Result<Json<Vec<MovementRowView>>> {
    let (_, range) = period(&uri, state.now_ms())?;
    let (rows, catalog) = tokio::try_join!(
        state.storage.movements_list(shop.store_id, range, LIST_MAX),
        state.storage.products(shop.store_id),
    )?;
    let names: HashMap<Uuid, (&str, &str)> = catalog
        .iter()
        .map(|p| (p.id, (p.name.value.as_str(), p.unit.value.as_str())))
        .collect();
    Ok(Json(
        rows.into_iter()
            .map(|m| {
                let (product, unit) = names.get(&m.product_id).copied().unwrap_or(("", ""));
                MovementRowView {
                    created_at_ms: m.created_at_ms,
                    product_id: m.product_id,
                    product: product.to_string(),
                    unit: unit.to_string(),
                    kind: m.kind,
                    qty_milli: m.qty_milli,
                    device: m.device_code,
                    reason: m.reason,
                }
            })
            .collect(),
    ))
}
