//! The catalog from the back office: list and search, add, edit. An edit is stamped by the
//! server ([`super::product_edit`]) and reaches every till on its next pull.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use laris_protocol::v1::{ErrorCode, ProductV1};
use serde::Deserialize;
use uuid::Uuid;

use super::product_edit;
use super::shop::Shop;
use super::wire::{ImportInput, ImportView, ProductInput, ProductPageView, ProductView};
use crate::error::{Result, ServerError};
use crate::routes::body::JsonBody;
use crate::state::AppState;

/// Products one page lists at most (a warung has a few hundred).
pub const PRODUCT_PAGE_MAX: usize = 2_000;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Search {
    q: Option<String>,
}

pub(crate) fn product_view(p: &ProductV1, stock_milli: i64) -> ProductView {
    ProductView {
        product_id: p.id,
        sku: p.sku.value.clone(),
        name: p.name.value.clone(),
        category: p.category.value.clone(),
        unit: p.unit.value.clone(),
        price: p.price.value,
        cost: p.cost.value,
        barcodes: p.barcodes.value.clone(),
        active: p.active.value,
        sold_by_weight: p.sold_by_weight.value,
        track_stock: p.track_stock.value,
        min_stock_milli: p.min_stock_milli.value,
        stock_milli,
    }
}

fn matches(p: &ProductV1, q: &str) -> bool {
    q.is_empty()
        || p.name.value.to_lowercase().contains(q)
        || p.sku.value.to_lowercase().contains(q)
        || p.barcodes.value.iter().any(|b| b.contains(q))
        || p.category
            .value
            .as_deref()
            .is_some_and(|c| c.to_lowercase().contains(q))
}

/// The store's undeleted products matching `q`, by name, with their stock.
pub(crate) async fn listed(
    state: &AppState,
    store_id: Uuid,
    q: &str,
) -> Result<(Vec<ProductView>, u64)> {
    let (catalog, levels) = tokio::try_join!(
        state.storage.products(store_id),
        state.storage.stock_levels(store_id),
    )?;
    let levels: HashMap<Uuid, i64> = levels
        .into_iter()
        .map(|l| (l.product_id, l.qty_milli))
        .collect();
    let q = q.trim().to_lowercase();
    let mut found: Vec<&ProductV1> = catalog
        .iter()
        .filter(|p| !p.deleted.value && matches(p, &q))
        .collect();
    found.sort_by(|a, b| {
        a.name
            .value
            .to_lowercase()
            .cmp(&b.name.value.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    let matching = u64::try_from(found.len()).unwrap_or(u64::MAX);
    let views = found
        .into_iter()
        .take(PRODUCT_PAGE_MAX)
        .map(|p| product_view(p, levels.get(&p.id).copied().unwrap_or(0)))
        .collect();
    Ok((views, matching))
}

pub(crate) async fn list(
    State(state): State<AppState>,
    shop: Shop,
    Query(search): Query<Search>,
) -> Result<Json<ProductPageView>> {
    let store_id = shop.store_id;
    let (products, matching) = listed(&state, store_id, search.q.as_deref().unwrap_or("")).await?;
    Ok(Json(ProductPageView { products, matching }))
}

/// Writes `input` as product `id` of the store, `catalog` being the store's products (`id` is
/// new when the catalog lacks it; a new product without an SKU gets the first free one).
pub(crate) async fn save(
    state: &AppState,
    store_id: Uuid,
    id: Uuid,
    catalog: &[ProductV1],
    input: &ProductInput,
) -> Result<ProductV1> {
    let now = state.now_ms();
    let stored = catalog.iter().find(|p| p.id == id && !p.deleted.value);
    let mut input = input.clone();
    if stored.is_none() && input.sku.trim().is_empty() {
        input.sku = free_sku(catalog.iter().map(|p| p.sku.value.as_str()));
    }
    let edit = product_edit::stamped(id, stored, &input, now, product_edit::node(store_id));
    edit.validate()?;
    let sku_taken = catalog
        .iter()
        .any(|p| p.id != id && !p.deleted.value && p.sku.value == edit.sku.value);
    if sku_taken {
        return Err(ServerError::Conflict {
            code: ErrorCode::InvalidField,
            message: format!("sku {} is another product's", edit.sku.value),
        });
    }
    Ok(state.storage.edit_product(store_id, edit, now).await?)
}

/// A catalog CSV: every row checked first (a bad one refuses the file, naming its line),
/// then each written as an edit of the product with its SKU, or a new product.
pub(crate) async fn import(
    State(state): State<AppState>,
    shop: Shop,
    JsonBody(input): JsonBody<ImportInput>,
) -> Result<Json<ImportView>> {
    let store_id = shop.store_id;
    let rows = super::catalog_csv::read(&input.csv)?;
    let catalog = state.storage.products(store_id).await?;
    let by_sku: HashMap<&str, &ProductV1> = catalog
        .iter()
        .filter(|p| !p.deleted.value)
        .map(|p| (p.sku.value.as_str(), p))
        .collect();
    let now = state.now_ms();
    let node = product_edit::node(store_id);
    let mut edits = Vec::with_capacity(rows.len());
    let mut view = ImportView {
        added: 0,
        updated: 0,
        unchanged: 0,
    };
    for (line, row) in &rows {
        let stored = by_sku.get(row.sku.as_str()).copied();
        let mut row = row.clone();
        if let Some(p) = stored {
            // Columns a file does not carry keep the catalog's values.
            row.track_stock = p.track_stock.value;
            row.min_stock_milli = p.min_stock_milli.value;
        }
        let id = stored.map_or_else(crate::secret::random_uuid, |p| p.id);
        let edit = product_edit::stamped(id, stored, &row, now, node);
        edit.validate().map_err(|e| {
            ServerError::bad_request(ErrorCode::InvalidField, format!("line {line}: {e}"))
        })?;
        match stored {
            None => view.added += 1,
            Some(p) if *p == edit => view.unchanged += 1,
            Some(_) => view.updated += 1,
        }
        if stored.is_none_or(|p| *p != edit) {
            edits.push(edit);
        }
    }
    for edit in edits {
        state.storage.edit_product(store_id, edit, now).await?;
    }
    tracing::info!(store = %store_id, added = view.added, updated = view.updated, "catalog imported");
    Ok(Json(view))
}

/// The first `P0001`, `P0002`, … that no product of the store has: the SKU of a product the
/// owner added without one.
pub(crate) fn free_sku<'a>(taken: impl Iterator<Item = &'a str>) -> String {
    let taken: std::collections::HashSet<&str> = taken.collect();
    (1..)
        .map(|n| format!("P{n:04}"))
        .find(|s| !taken.contains(s.as_str()))
        .unwrap_or_default()
}

async fn stock_of(state: &AppState, store_id: Uuid, id: Uuid) -> Result<i64> {
    Ok(state
        .storage
        .stock_levels(store_id)
        .await?
        .into_iter()
        .find(|l| l.product_id == id)
        .map_or(0, |l| l.qty_milli))
}

pub(crate) async fn create(
    State(state): State<AppState>,
    shop: Shop,
    JsonBody(input): JsonBody<ProductInput>,
) -> Result<Json<ProductView>> {
    let store_id = shop.store_id;
    let id = crate::secret::random_uuid();
    let catalog = state.storage.products(store_id).await?;
    let saved = save(&state, store_id, id, &catalog, &input).await?;
    tracing::info!(store = %store_id, product = %id, "product added from the back office");
    Ok(Json(product_view(&saved, 0)))
}

pub(crate) async fn edit(
    State(state): State<AppState>,
    shop: Shop,
    Path((_, product)): Path<(String, String)>,
    JsonBody(input): JsonBody<ProductInput>,
) -> Result<Json<ProductView>> {
    let store_id = shop.store_id;
    let not_found = || ServerError::NotFound("no such product in this shop".into());
    let id = Uuid::try_parse(&product).map_err(|_| not_found())?;
    let catalog = state.storage.products(store_id).await?;
    if !catalog.iter().any(|p| p.id == id && !p.deleted.value) {
        return Err(not_found());
    }
    let saved = save(&state, store_id, id, &catalog, &input).await?;
    tracing::info!(store = %store_id, product = %id, "product edited from the back office");
    Ok(Json(product_view(
        &saved,
        stock_of(&state, store_id, id).await?,
    )))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_free_sku_skips_the_taken_ones() {
        assert_eq!(
            super::free_sku(["P0001", "W0001", "P0002"].into_iter()),
            "P0003"
        );
        assert_eq!(super::free_sku(std::iter::empty()), "P0001");
    }
}
