//! The window's commands. Each one only moves its arguments into laris-app and its result
//! (or `{code, message, field}` error) back; blocking ones run off the main thread
//! (`async`), so the window never waits on the disk.

use laris_app::AppError;
use laris_app::dto::{
    CartInput, CheckoutInput, ImportResult, LookupView, MovementInput, PairInput, ProductInput,
    ProductView, ProofView, QuoteView, ReportQuery, ReportView, SaleSummaryView, SaleView,
    SettingsInput, ShopSetupInput, ShopView, StockLevelView, SyncView,
};
use tauri::State;
use uuid::Uuid;

use crate::till::Till;

type Reply<T> = Result<T, AppError>;

#[tauri::command(async)]
pub fn shop(till: State<'_, Till>) -> Reply<ShopView> {
    till.app()?.shop()
}

#[tauri::command(async)]
pub fn setup_shop(till: State<'_, Till>, input: ShopSetupInput) -> Reply<ShopView> {
    till.app()?.setup_shop(&input)
}

#[tauri::command(async)]
pub fn save_settings(till: State<'_, Till>, input: SettingsInput) -> Reply<ShopView> {
    till.app()?.save_settings(&input)
}

#[tauri::command(async)]
pub fn lookup(till: State<'_, Till>, text: String) -> Reply<LookupView> {
    till.app()?.lookup(&text)
}

#[tauri::command(async)]
pub fn categories(till: State<'_, Till>) -> Reply<Vec<String>> {
    till.app()?.categories()
}

#[tauri::command(async)]
pub fn browse(till: State<'_, Till>, category: String) -> Reply<Vec<ProductView>> {
    till.app()?.browse(&category)
}

#[tauri::command(async)]
pub fn favourites(till: State<'_, Till>) -> Reply<Vec<ProductView>> {
    till.app()?.favourites()
}

#[tauri::command(async)]
pub fn products(till: State<'_, Till>, query: Option<String>) -> Reply<Vec<ProductView>> {
    till.app()?.products(query.as_deref())
}

#[tauri::command(async)]
pub fn save_product(till: State<'_, Till>, input: ProductInput) -> Reply<ProductView> {
    till.app()?.save_product(&input)
}

#[tauri::command(async)]
pub fn delete_product(till: State<'_, Till>, id: Uuid) -> Reply<()> {
    till.app()?.delete_product(id)
}

#[tauri::command(async)]
pub fn import_csv(till: State<'_, Till>, text: String) -> Reply<ImportResult> {
    till.app()?.import_csv(&text)
}

#[tauri::command(async)]
pub fn export_csv(till: State<'_, Till>) -> Reply<String> {
    till.app()?.export_csv()
}

#[tauri::command(async)]
pub fn record_movement(till: State<'_, Till>, input: MovementInput) -> Reply<ProductView> {
    till.app()?.record_movement(&input)
}

#[tauri::command(async)]
pub fn low_stock(till: State<'_, Till>) -> Reply<Vec<StockLevelView>> {
    till.app()?.low_stock()
}

#[tauri::command(async)]
pub fn quote(till: State<'_, Till>, cart: CartInput) -> Reply<QuoteView> {
    till.app()?.quote(&cart)
}

#[tauri::command(async)]
pub fn checkout(till: State<'_, Till>, input: CheckoutInput) -> Reply<SaleView> {
    till.app()?.checkout(&input)
}

#[tauri::command(async)]
pub fn sale(till: State<'_, Till>, id: Uuid) -> Reply<SaleView> {
    till.app()?.sale(id)
}

#[tauri::command(async)]
pub fn sale_by_receipt(till: State<'_, Till>, receipt_no: String) -> Reply<SaleView> {
    till.app()?.sale_by_receipt(&receipt_no)
}

#[tauri::command(async)]
pub fn recent_sales(
    till: State<'_, Till>,
    limit: u32,
    whole_shop: bool,
) -> Reply<Vec<SaleSummaryView>> {
    till.app()?.recent_sales(limit, whole_shop)
}

#[tauri::command(async)]
pub fn report(till: State<'_, Till>, query: ReportQuery) -> Reply<ReportView> {
    till.app()?.report(&query)
}

#[tauri::command(async)]
pub fn sync_status(till: State<'_, Till>) -> Reply<SyncView> {
    Ok(till.app()?.sync_status())
}

#[tauri::command]
pub async fn pair(till: State<'_, Till>, input: PairInput) -> Reply<SyncView> {
    till.app()?.pair(&input).await
}

#[tauri::command]
pub async fn unpair(till: State<'_, Till>) -> Reply<SyncView> {
    till.app()?.unpair().await
}

#[tauri::command(async)]
pub fn sync_now(till: State<'_, Till>) -> Reply<SyncView> {
    till.app()?.sync_now()
}

#[tauri::command]
pub async fn proof(till: State<'_, Till>) -> Reply<ProofView> {
    till.app()?.proof().await
}
