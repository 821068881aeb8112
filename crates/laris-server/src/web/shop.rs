//! The back office's views of one shop: the dashboard, devices (rename, revoke, pairing
//! codes), the sales list with each receipt, and store-wide stock. Every handler first checks
//! that the session's account owns the shop the path names ([`Shop`]): another owner's shop
//! is simply not found.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::header::HOST;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};
use laris_protocol::v1::{ErrorCode, EventBody};
use serde::Deserialize;
use uuid::Uuid;

use super::SALES_PAGE_SIZE;
use super::dashboard::{self, Inputs, device_view};
use super::session::WebAuth;
use super::wire::{
    DashboardView, DeviceView, PairingCodeView, PaymentLineView, ReceiptLineView, ReceiptView,
    RenameDeviceInput, SaleRowView, SalesPageView, StockRowView,
};
use crate::admin;
use crate::error::{Result, ServerError};
use crate::routes::body::JsonBody;
use crate::state::AppState;
use crate::storage::web::{SaleCursor, SaleListRow};
use crate::storage::{SummaryRange, decode_change};
use crate::stored::PaymentMethod;
use crate::summary::{Days, SummaryParams, day_string};

/// The shop a store-scoped path names, owned by the signed-in account: checked before the
/// body is read, so another owner learns nothing from how a body is refused.
#[derive(Debug, Clone)]
pub(crate) struct Shop {
    pub store_id: Uuid,
}

impl FromRequestParts<AppState> for Shop {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let auth = WebAuth::from_request_parts(parts, state).await?;
        let not_found = || ServerError::NotFound("no such shop of this account".into());
        let Path(params) = Path::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|_| not_found())?;
        let raw = params
            .iter()
            .find(|(k, _)| k == "store_id")
            .map(|(_, v)| v.as_str())
            .ok_or_else(not_found)?;
        let store_id = Uuid::try_parse(raw).map_err(|_| not_found())?;
        let stores = state.storage.owned_stores(auth.email).await?;
        if stores.iter().any(|s| s.store_id == store_id) {
            Ok(Shop { store_id })
        } else {
            Err(not_found())
        }
    }
}

/// The period of `?from=&to=` (YYYY-MM-DD, WIB), today without them.
pub(crate) fn period(uri: &Uri, now_ms: i64) -> Result<(Days, SummaryRange)> {
    let Query(params) = Query::<SummaryParams>::try_from_uri(uri)
        .map_err(|e| ServerError::bad_request(ErrorCode::InvalidQuery, e.body_text()))?;
    let days = Days::from_params(&params, now_ms)?;
    Ok((days, days.range()))
}

fn id(field: &str, raw: &str) -> Result<Uuid> {
    Uuid::try_parse(raw).map_err(|_| {
        ServerError::bad_request(ErrorCode::InvalidField, format!("{field}: not a UUID"))
    })
}

pub(crate) async fn dashboard(
    State(state): State<AppState>,
    shop: Shop,
    uri: Uri,
) -> Result<Json<DashboardView>> {
    let store_id = shop.store_id;
    let now = state.now_ms();
    let (days, range) = period(&uri, now)?;
    let storage = &state.storage;
    let (sales, products, catalog, devices, returns_total, over, books) = tokio::try_join!(
        storage.sale_facts(store_id, range),
        storage.product_sums(store_id, range),
        storage.products(store_id),
        storage.device_status(store_id),
        storage.returns_total(store_id, range),
        storage.over_refunds(store_id, range),
        storage.books(store_id),
    )?;
    let books = crate::books::books(&books);
    Ok(Json(dashboard::dashboard(Inputs {
        from: day_string(days.first),
        to: day_string(days.last),
        range,
        now_ms: now,
        sales: &sales,
        products,
        catalog: &catalog,
        devices: &devices,
        returns_total,
        over_refunds: u64::try_from(over.len()).unwrap_or(u64::MAX),
        kasbon_owed: books.kasbon_total,
    })))
}

pub(crate) async fn devices(
    State(state): State<AppState>,
    shop: Shop,
) -> Result<Json<Vec<DeviceView>>> {
    let store_id = shop.store_id;
    let devices = state.storage.device_status(store_id).await?;
    Ok(Json(devices.iter().map(device_view).collect()))
}

async fn one_device(state: &AppState, store_id: Uuid, device_id: Uuid) -> Result<DeviceView> {
    state
        .storage
        .device_status(store_id)
        .await?
        .iter()
        .find(|d| d.device_id == device_id)
        .map(device_view)
        .ok_or_else(|| ServerError::NotFound("no such device in this shop".into()))
}

pub(crate) async fn rename_device(
    State(state): State<AppState>,
    shop: Shop,
    Path((_, device)): Path<(String, String)>,
    JsonBody(req): JsonBody<RenameDeviceInput>,
) -> Result<Json<DeviceView>> {
    let store_id = shop.store_id;
    let device_id = id("device_id", &device)?;
    let name = req.name.trim().to_string();
    if name.is_empty() || name.chars().count() > laris_protocol::v1::check::MAX_NAME_CHARS {
        return Err(ServerError::bad_request(
            ErrorCode::InvalidField,
            "device name: 1 to 200 characters",
        ));
    }
    if !state
        .storage
        .rename_device(store_id, device_id, name)
        .await?
    {
        return Err(ServerError::NotFound("no such device in this shop".into()));
    }
    Ok(Json(one_device(&state, store_id, device_id).await?))
}

pub(crate) async fn revoke_device(
    State(state): State<AppState>,
    shop: Shop,
    Path((_, device)): Path<(String, String)>,
) -> Result<Json<DeviceView>> {
    let store_id = shop.store_id;
    let device_id = id("device_id", &device)?;
    state
        .storage
        .revoke_device(store_id, device_id, state.now_ms())
        .await?
        .ok_or_else(|| ServerError::NotFound("no such device in this shop".into()))?;
    tracing::info!(store = %store_id, device = %device_id, "device revoked from the back office");
    Ok(Json(one_device(&state, store_id, device_id).await?))
}

/// This server's address as owners reach it: configured, else the request's `Host`.
pub(crate) fn public_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.config.web.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if state.config.web.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

pub(crate) async fn pairing_code(
    State(state): State<AppState>,
    shop: Shop,
    headers: HeaderMap,
) -> Result<Json<PairingCodeView>> {
    let store_id = shop.store_id;
    let code = admin::new_pairing_code(
        state.storage.as_ref(),
        store_id,
        state.now_ms(),
        state.config.pairing_code_ttl_ms,
    )
    .await?;
    Ok(Json(PairingCodeView {
        link: laris_protocol::pairing_link(&public_url(&state, &headers), &code.code),
        code: code.code,
        expires_at_ms: code.expires_at_ms,
    }))
}

#[derive(Debug, Default, Deserialize)]
struct Before {
    before: Option<String>,
}

/// `before` as the list hands it out: `<created_at_ms>.<sale id>`.
fn parse_before(raw: &str) -> Result<SaleCursor> {
    let bad = || ServerError::bad_request(ErrorCode::InvalidQuery, "before: not a page cursor");
    let (ms, id) = raw.split_once('.').ok_or_else(bad)?;
    Ok(SaleCursor {
        created_at_ms: ms.parse().map_err(|_| bad())?,
        sale_id: Uuid::try_parse(id).map_err(|_| bad())?,
    })
}

pub(crate) fn methods(paid: [i64; 4]) -> Vec<String> {
    PaymentMethod::ALL
        .iter()
        .zip(paid)
        .filter(|(_, p)| *p > 0)
        .map(|(m, _)| m.as_str().to_string())
        .collect()
}

fn sale_row(s: SaleListRow) -> SaleRowView {
    SaleRowView {
        sale_id: s.sale_id,
        receipt_no: s.receipt_no,
        created_at_ms: s.created_at_ms,
        device: s.device_code,
        cashier: s.cashier,
        total: s.total,
        lines: u64::try_from(s.line_count).unwrap_or(0),
        methods: methods(s.paid),
    }
}

pub(crate) async fn sales(
    State(state): State<AppState>,
    shop: Shop,
    uri: Uri,
) -> Result<Json<SalesPageView>> {
    let store_id = shop.store_id;
    let (_, range) = period(&uri, state.now_ms())?;
    let Query(Before { before }) = Query::<Before>::try_from_uri(&uri).unwrap_or_default();
    let before = before.as_deref().map(parse_before).transpose()?;
    let limit = u32::try_from(SALES_PAGE_SIZE).unwrap_or(50);
    let mut rows = state
        .storage
        .sales_page(store_id, range, before, limit + 1)
        .await?;
    let more = rows.len() > SALES_PAGE_SIZE;
    rows.truncate(SALES_PAGE_SIZE);
    let next_before = more
        .then(|| {
            rows.last()
                .map(|s| format!("{}.{}", s.created_at_ms, s.sale_id.simple()))
        })
        .flatten();
    Ok(Json(SalesPageView {
        sales: rows.into_iter().map(sale_row).collect(),
        next_before,
    }))
}

pub(crate) async fn sale(
    State(state): State<AppState>,
    shop: Shop,
    Path((_, sale)): Path<(String, String)>,
) -> Result<Json<ReceiptView>> {
    let store_id = shop.store_id;
    let sale_id = id("sale_id", &sale)?;
    let not_found = || ServerError::NotFound("no such sale in this shop".into());
    let (body, device) = state
        .storage
        .sale_change(store_id, sale_id)
        .await?
        .ok_or_else(not_found)?;
    let EventBody::Sale(s) = decode_change(&body)? else {
        return Err(not_found());
    };
    Ok(Json(ReceiptView {
        sale_id: s.id,
        receipt_no: s.receipt_no.clone(),
        created_at_ms: s.created_at,
        device,
        cashier: s.cashier.clone(),
        lines: s
            .lines
            .iter()
            .map(|l| ReceiptLineView {
                name: l.name.clone(),
                unit: l.unit.clone(),
                qty_milli: l.qty_milli,
                unit_price: l.unit_price,
                discount: l.discount,
                total: l.gross - l.discount,
            })
            .collect(),
        gross: s.gross,
        discount: s.line_discount + s.cart_discount,
        tax: s.tax,
        rounding: s.rounding,
        total: s.total,
        tendered: s.tendered,
        change: s.change,
        payments: s
            .payments
            .iter()
            .map(|p| PaymentLineView {
                method: crate::books::method_name(p.method).to_string(),
                amount: p.amount,
            })
            .collect(),
    }))
}

pub(crate) async fn stock(
    State(state): State<AppState>,
    shop: Shop,
) -> Result<Json<Vec<StockRowView>>> {
    let store_id = shop.store_id;
    Ok(Json(stock_rows(&state, store_id).await?))
}

/// Every tracked, undeleted product with its store-wide level, by name.
pub(crate) async fn stock_rows(state: &AppState, store_id: Uuid) -> Result<Vec<StockRowView>> {
    let (catalog, levels) = tokio::try_join!(
        state.storage.products(store_id),
        state.storage.stock_levels(store_id),
    )?;
    let levels: HashMap<Uuid, i64> = levels
        .into_iter()
        .map(|l| (l.product_id, l.qty_milli))
        .collect();
    let mut rows: Vec<StockRowView> = catalog
        .iter()
        .filter(|p| p.track_stock.value && !p.deleted.value)
        .map(|p| {
            let qty = levels.get(&p.id).copied().unwrap_or(0);
            StockRowView {
                product_id: p.id,
                sku: p.sku.value.clone(),
                name: p.name.value.clone(),
                unit: p.unit.value.clone(),
                qty_milli: qty,
                min_stock_milli: p.min_stock_milli.value,
                low: qty <= p.min_stock_milli.value,
            }
        })
        .collect();
    rows.sort_by_key(|r| r.name.to_lowercase());
    Ok(rows)
}
