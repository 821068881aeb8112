//! The shop's online page: its settings from the back office (off until the owner turns it
//! on; the address, WhatsApp, opening hours, what is hidden, whether stock shows), and the
//! public page itself at `/t/<slug>` ([`super::storefront_page`]).

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use laris_protocol::v1::ErrorCode;

use super::shop::{Shop, public_url};
use super::storefront_page;
use super::wire::{StorefrontInput, StorefrontView};
use crate::error::{Result, ServerError};
use crate::routes::body::JsonBody;
use crate::state::AppState;
use crate::storage::web::StorefrontRow;

/// Addresses no shop may take: the app's own pages.
const RESERVED: &[&str] = &["admin", "api", "assets", "daftar", "masuk", "pasang", "v1"];
/// The longest address, and free text (address, hours).
const MAX_SLUG_CHARS: usize = 40;
const MAX_TEXT_CHARS: usize = 200;

/// A slug as the owner may choose it: 3 to 40 of a–z, 0–9 and inner dashes.
pub fn check_slug(slug: &str) -> Result<String> {
    let slug = slug.trim().to_ascii_lowercase();
    let ok = (3..=MAX_SLUG_CHARS).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !RESERVED.contains(&slug.as_str());
    if ok {
        Ok(slug)
    } else {
        Err(ServerError::bad_request(
            ErrorCode::InvalidField,
            "slug: 3 to 40 of a-z, 0-9 and dashes (not at either end)",
        ))
    }
}

/// A slug made from the shop's name: `Warung Bu Sri` → `warung-bu-sri`.
pub fn suggest_slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug: String = slug
        .trim_matches('-')
        .chars()
        .take(MAX_SLUG_CHARS)
        .collect();
    slug = slug.trim_end_matches('-').to_string();
    if slug.len() < 3 {
        slug = format!("toko-{slug}").trim_end_matches('-').to_string();
    }
    slug
}

/// A WhatsApp number as wa.me takes it: digits with the country code (08… → 628…).
pub fn check_whatsapp(raw: &str) -> Result<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix('0') {
        Some(rest) => format!("62{rest}"),
        None => digits,
    };
    let extra = raw
        .chars()
        .any(|c| !(c.is_ascii_digit() || " +-().".contains(c)));
    if extra || !(8..=15).contains(&digits.len()) {
        return Err(ServerError::bad_request(
            ErrorCode::InvalidField,
            "whatsapp: a phone number, e.g. 0812 3456 7890 or +62 812 3456 7890",
        ));
    }
    Ok(digits)
}

fn text(field: &'static str, v: Option<String>) -> Result<Option<String>> {
    let v = v.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    if v.as_ref()
        .is_some_and(|t| t.chars().count() > MAX_TEXT_CHARS)
    {
        return Err(ServerError::bad_request(
            ErrorCode::InvalidField,
            format!("{field}: at most {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(v)
}

async fn view(state: &AppState, row: StorefrontRow, headers: &HeaderMap) -> Result<StorefrontView> {
    let mut categories: Vec<String> = state
        .storage
        .products(row.store_id)
        .await?
        .into_iter()
        .filter(|p| !p.deleted.value)
        .filter_map(|p| p.category.value)
        .collect();
    categories.sort();
    categories.dedup();
    Ok(StorefrontView {
        url: format!("{}/t/{}", public_url(state, headers), row.slug),
        slug: row.slug,
        enabled: row.enabled,
        show_stock: row.show_stock,
        whatsapp: row.whatsapp,
        address: row.address,
        hours: row.hours,
        hidden_categories: row.hidden_categories,
        hidden_products: row.hidden_products,
        categories,
    })
}

pub(crate) async fn settings(
    State(state): State<AppState>,
    shop: Shop,
    headers: HeaderMap,
) -> Result<Json<StorefrontView>> {
    let row = match state.storage.storefront(shop.store_id).await? {
        Some(row) => row,
        None => {
            let name = state
                .storage
                .store(shop.store_id)
                .await?
                .map(|s| s.name)
                .unwrap_or_default();
            StorefrontRow {
                store_id: shop.store_id,
                slug: suggest_slug(&name),
                enabled: false,
                show_stock: true,
                whatsapp: None,
                address: None,
                hours: None,
                hidden_categories: Vec::new(),
                hidden_products: Vec::new(),
                updated_at_ms: 0,
            }
        }
    };
    Ok(Json(view(&state, row, &headers).await?))
}

pub(crate) async fn save(
    State(state): State<AppState>,
    shop: Shop,
    headers: HeaderMap,
    JsonBody(input): JsonBody<StorefrontInput>,
) -> Result<Json<StorefrontView>> {
    let row = StorefrontRow {
        store_id: shop.store_id,
        slug: check_slug(&input.slug)?,
        enabled: input.enabled,
        show_stock: input.show_stock,
        whatsapp: input
            .whatsapp
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(check_whatsapp)
            .transpose()?,
        address: text("address", input.address)?,
        hours: text("hours", input.hours)?,
        hidden_categories: input.hidden_categories,
        hidden_products: input.hidden_products,
        updated_at_ms: state.now_ms(),
    };
    state.storage.save_storefront(row.clone()).await?;
    tracing::info!(store = %shop.store_id, enabled = row.enabled, "online page saved");
    Ok(Json(view(&state, row, &headers).await?))
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(storefront_page::CSP),
            ),
            (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            // Stock changes as tills sync: a minute of caching at most.
            (
                CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=60"),
            ),
        ],
        body,
    )
        .into_response()
}

/// The public page: 404 for an unknown address or a page the owner has not turned on.
pub(crate) async fn page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response> {
    let slug = slug.to_ascii_lowercase();
    let Some(row) = state
        .storage
        .storefront_by_slug(slug)
        .await?
        .filter(|r| r.enabled)
    else {
        return Ok(html(StatusCode::NOT_FOUND, storefront_page::not_found()));
    };
    let (store, catalog, levels) = tokio::try_join!(
        state.storage.store(row.store_id),
        state.storage.products(row.store_id),
        state.storage.stock_levels(row.store_id),
    )?;
    let stock: HashMap<_, _> = levels
        .into_iter()
        .map(|l| (l.product_id, l.qty_milli))
        .collect();
    let name = store.map(|s| s.name).unwrap_or_default();
    Ok(html(
        StatusCode::OK,
        storefront_page::render(&name, &row, &catalog, &stock),
    ))
}

/// The largest order form the page takes.
const MAX_ORDER_FORM_BYTES: usize = 16 * 1024;

/// `application/x-www-form-urlencoded` as pairs (`+` is a space, `%XX` a byte).
fn form_pairs(body: &[u8]) -> Option<Vec<(String, String)>> {
    fn decode(part: &str) -> Option<String> {
        let bytes = part.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    let hex = part.get(i + 1..i + 3)?;
                    out.push(u8::from_str_radix(hex, 16).ok()?);
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).ok()
    }
    let text = std::str::from_utf8(body).ok()?;
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((decode(k)?, decode(v)?))
        })
        .collect()
}

fn refused(message: &str, slug: &str) -> Response {
    html(
        StatusCode::BAD_REQUEST,
        storefront_page::refused(message, slug),
    )
}

/// "Pesan lewat WhatsApp": the page's form becomes a WhatsApp message to the shop (303 to
/// wa.me), the order as readable text with its order code. Nothing is stored.
pub(crate) async fn order(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response> {
    let slug = slug.to_ascii_lowercase();
    let Some(row) = state
        .storage
        .storefront_by_slug(slug.clone())
        .await?
        .filter(|r| r.enabled && r.whatsapp.is_some())
    else {
        return Ok(html(StatusCode::NOT_FOUND, storefront_page::not_found()));
    };
    if body.len() > MAX_ORDER_FORM_BYTES {
        return Ok(refused("Pesanan terlalu panjang.", &slug));
    }
    let Some(pairs) = form_pairs(&body) else {
        return Ok(refused(
            "Pesanan tidak terbaca: coba lagi dari halaman toko.",
            &slug,
        ));
    };
    let (store, catalog) = tokio::try_join!(
        state.storage.store(row.store_id),
        state.storage.products(row.store_id),
    )?;
    let listed = storefront_page::listed(&row, &catalog);
    let by_sku: HashMap<&str, &laris_protocol::v1::ProductV1> = listed
        .values()
        .flatten()
        .map(|p| (p.sku.value.as_str(), *p))
        .collect();
    let mut lines = Vec::new();
    for (sku, units) in &pairs {
        let units = units.trim();
        if units.is_empty() || units == "0" {
            continue;
        }
        let Ok(units) = units.parse::<u64>() else {
            return Ok(refused("Jumlah harus angka bulat.", &slug));
        };
        if units > storefront_page::MAX_ORDER_UNITS {
            return Ok(refused("Jumlah terlalu banyak untuk satu barang.", &slug));
        }
        let Some(p) = by_sku.get(sku.as_str()) else {
            return Ok(refused(
                "Ada barang yang tidak lagi dijual di halaman ini.",
                &slug,
            ));
        };
        lines.push((*p, units));
    }
    if lines.is_empty() {
        return Ok(refused("Pilih minimal satu barang (isi jumlahnya).", &slug));
    }
    let items: Vec<laris_protocol::order_code::OrderItem> = lines
        .iter()
        .map(|(p, units)| laris_protocol::order_code::OrderItem {
            sku: p.sku.value.clone(),
            qty_milli: units * 1_000,
        })
        .collect();
    let Ok(code) = laris_protocol::order_code::encode(row.store_id, &items) else {
        return Ok(refused(
            "Terlalu banyak jenis barang untuk satu pesanan.",
            &slug,
        ));
    };
    let name = store.map(|s| s.name).unwrap_or_default();
    let text = storefront_page::whatsapp_text(&name, &lines, &code);
    let target = format!(
        "https://wa.me/{}?text={}",
        row.whatsapp.as_deref().unwrap_or_default(),
        storefront_page::url_encode(&text)
    );
    let location = HeaderValue::from_str(&target)
        .map_err(|e| ServerError::Internal(format!("wa.me link: {e}")))?;
    Ok((
        StatusCode::SEE_OTHER,
        [(axum::http::header::LOCATION, location)],
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_numbers_as_owners_type_them() {
        assert_eq!(
            suggest_slug("Warung Bu Sri (Pasar Baru)"),
            "warung-bu-sri-pasar-baru"
        );
        assert_eq!(suggest_slug("Ö"), "toko");
        assert!(check_slug("bu-sri").is_ok());
        for bad in ["ab", "-bu", "bu-", "bu sri", "daftar", "Bü-sri"] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
        assert_eq!(check_whatsapp("0812-3456-7890").unwrap(), "6281234567890");
        assert_eq!(
            check_whatsapp("+62 812 3456 7890").unwrap(),
            "6281234567890"
        );
        assert!(check_whatsapp("telepon saya").is_err());
    }
}
