//! The shop's public page as HTML, built here with every text escaped: a page that works with
//! no JavaScript on a slow phone (no scripts at all; its content security policy allows
//! none), in Bahasa Indonesia. Pure: the caller brings the settings, the shop, the catalog and
//! the stock.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;

use laris_protocol::v1::ProductV1;
use uuid::Uuid;

use crate::storage::web::StorefrontRow;

/// What the page may load: its own inline styles, nothing else.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self' https://wa.me; frame-ancestors 'none'";

/// The most units of one product an order from the page may ask for.
pub const MAX_ORDER_UNITS: u64 = 999;

/// Text as HTML text or attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whole Rupiah as Indonesians write them: `Rp 12.500`.
pub fn rupiah(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(d);
    }
    format!("{}Rp {grouped}", if amount < 0 { "-" } else { "" })
}

/// A product's availability from the store-wide stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    Available,
    Low,
    SoldOut,
}

impl Availability {
    /// Untracked products are always available; "low" is at or under the product's minimum,
    /// or under 5 units when it has none.
    pub fn of(p: &ProductV1, stock_milli: i64) -> Self {
        if !p.track_stock.value {
            return Availability::Available;
        }
        let low_mark = if p.min_stock_milli.value > 0 {
            p.min_stock_milli.value
        } else {
            5_000
        };
        if stock_milli <= 0 {
            Availability::SoldOut
        } else if stock_milli <= low_mark {
            Availability::Low
        } else {
            Availability::Available
        }
    }

    fn label(self) -> (&'static str, &'static str) {
        match self {
            Availability::Available => ("ok", "Tersedia"),
            Availability::Low => ("low", "Sisa sedikit"),
            Availability::SoldOut => ("out", "Habis"),
        }
    }
}

/// The products the page lists: active, undeleted, not hidden by the owner, by category
/// (none: "Lainnya") and name.
pub fn listed<'a>(
    settings: &StorefrontRow,
    catalog: &'a [ProductV1],
) -> BTreeMap<String, Vec<&'a ProductV1>> {
    let hidden_cats: HashSet<&str> = settings
        .hidden_categories
        .iter()
        .map(String::as_str)
        .collect();
    let hidden: HashSet<Uuid> = settings.hidden_products.iter().copied().collect();
    let mut by_category: BTreeMap<String, Vec<&ProductV1>> = BTreeMap::new();
    for p in catalog {
        let category = p.category.value.clone().unwrap_or_else(|| "Lainnya".into());
        if !p.active.value
            || p.deleted.value
            || hidden.contains(&p.id)
            || hidden_cats.contains(category.as_str())
        {
            continue;
        }
        by_category.entry(category).or_default().push(p);
    }
    for products in by_category.values_mut() {
        products.sort_by_key(|p| p.name.value.to_lowercase());
    }
    by_category
}

/// The page of the shop `shop_name`.
pub fn render(
    shop_name: &str,
    settings: &StorefrontRow,
    catalog: &[ProductV1],
    stock: &HashMap<Uuid, i64>,
) -> String {
    let mut html = String::with_capacity(16 * 1024);
    let name = escape(shop_name);
    let _ = write!(
        html,
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{name}</title><style>{STYLE}</style></head><body><header><h1>{name}</h1>"
    );
    for (label, value) in [("Alamat", &settings.address), ("Buka", &settings.hours)] {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            let _ = write!(html, "<p><b>{label}:</b> {}</p>", escape(v));
        }
    }
    if let Some(wa) = settings.whatsapp.as_deref().filter(|w| !w.is_empty()) {
        let _ = write!(
            html,
            "<p><a class=\"wa\" href=\"https://wa.me/{}\">Chat WhatsApp</a></p>",
            escape(wa)
        );
    }
    html.push_str("</header><main>");
    let groups = listed(settings, catalog);
    let ordering = settings.whatsapp.as_deref().is_some_and(|w| !w.is_empty());
    if ordering {
        let _ = write!(
            html,
            "<form method=\"post\" action=\"/t/{}/pesan\">",
            escape(&settings.slug)
        );
    }
    if groups.is_empty() {
        html.push_str("<p>Belum ada barang di halaman ini.</p>");
    }
    for (category, products) in &groups {
        let _ = write!(html, "<section><h2>{}</h2><ul>", escape(category));
        for p in products {
            let _ = write!(
                html,
                "<li><span class=\"n\">{}</span><span class=\"p\">{} / {}</span>",
                escape(&p.name.value),
                rupiah(p.price.value),
                escape(&p.unit.value)
            );
            let availability = Availability::of(p, stock.get(&p.id).copied().unwrap_or(0));
            if settings.show_stock {
                let (class, label) = availability.label();
                let _ = write!(html, "<span class=\"s {class}\">{label}</span>");
            }
            if ordering && availability != Availability::SoldOut && !p.sold_by_weight.value {
                let _ = write!(
                    html,
                    "<label class=\"q\">Jumlah <input type=\"number\" name=\"{}\" min=\"0\" \
                     max=\"{MAX_ORDER_UNITS}\" inputmode=\"numeric\" value=\"0\"></label>",
                    escape(&p.sku.value)
                );
            }
            html.push_str("</li>");
        }
        html.push_str("</ul></section>");
    }
    if ordering {
        html.push_str(
            "<p><button type=\"submit\">Pesan lewat WhatsApp</button></p>\
             <p class=\"hint\">Pesanan Anda terbuka di WhatsApp sebagai pesan ke toko, dengan \
             kode pesanan yang bisa dibaca kasir tanpa internet.</p></form>",
        );
    }
    html.push_str(
        "</main><footer>Harga dan stok dari kasir toko; stok diperbarui saat kasir \
         tersinkron.</footer></body></html>",
    );
    html
}

/// The page an order the form could not make answers with, and the way back.
pub fn refused(message: &str, slug: &str) -> String {
    format!(
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Pesanan belum terkirim</title><style>{STYLE}</style></head><body><main>\
         <h1>Pesanan belum terkirim</h1><p>{}</p><p><a href=\"/t/{}\">Kembali ke toko</a></p>\
         </main></body></html>",
        escape(message),
        escape(slug)
    )
}

/// The page a disabled or unknown address answers with.
pub fn not_found() -> String {
    format!(
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Toko tidak ditemukan</title><style>{STYLE}</style></head><body><main>\
         <h1>Toko tidak ditemukan</h1><p>Alamat ini tidak dipakai toko mana pun, atau \
         halamannya sedang ditutup.</p></main></body></html>"
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;color:#1d2430;background:#f4f5f7}\
header,main,footer{max-width:40rem;margin:0 auto;padding:.75rem 1rem}\
header{background:#0b7a4b;color:#fff;max-width:none}header h1{margin:.25rem 0}\
header p{margin:.25rem 0}.wa{color:#fff;font-weight:600}\
h2{font-size:1.05rem;margin:1rem 0 .4rem}ul{list-style:none;margin:0;padding:0}\
li{display:flex;flex-wrap:wrap;gap:.25rem .75rem;background:#fff;border-radius:8px;\
padding:.6rem .75rem;margin:.35rem 0;align-items:baseline}.n{flex:1 1 12rem;font-weight:600}\
.p{white-space:nowrap}.s{font-size:.85rem;border-radius:1rem;padding:0 .5rem}\
.ok{background:#e2f4ea;color:#0b6b40}.low{background:#fff3d6;color:#7a5200}\
.out{background:#fde2e1;color:#a3221b}footer{color:#5c6573;font-size:.85rem}\
.q input{width:4.5rem;font-size:1rem;padding:.3rem}button{font-size:1.05rem;padding:.7rem 1.2rem;\
border:0;border-radius:8px;background:#1fa855;color:#fff;font-weight:600;width:100%}\
.hint{color:#5c6573;font-size:.85rem}";

/// The WhatsApp text of an order from the page's form (each product and the units asked, at
/// the catalog's prices), in Bahasa Indonesia, with the order code the till reads
/// ([`laris_protocol::order_code`]).
pub fn whatsapp_text(shop_name: &str, lines: &[(&ProductV1, u64)], code: &str) -> String {
    let mut text = format!("Halo {shop_name}, saya mau pesan:\n");
    let mut total: i64 = 0;
    for (p, units) in lines {
        let amount = p
            .price
            .value
            .saturating_mul(i64::try_from(*units).unwrap_or(0));
        total = total.saturating_add(amount);
        let _ = writeln!(
            text,
            "- {units} {} {} ({})",
            p.unit.value,
            p.name.value,
            rupiah(amount)
        );
    }
    let _ = write!(
        text,
        "Total perkiraan: {}\nKode pesanan: {code}",
        rupiah(total)
    );
    text
}

/// A text as the query part of a URL (RFC 3986 unreserved characters kept).
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use laris_protocol::Hlc;
    use laris_protocol::v1::Stamped;

    use super::*;

    fn product(name: &str, category: Option<&str>, track: bool, min: i64) -> ProductV1 {
        let h = Hlc::ZERO;
        ProductV1 {
            id: Uuid::new_v5(&Uuid::nil(), name.as_bytes()),
            sku: Stamped::new(name.into(), h),
            name: Stamped::new(name.into(), h),
            category: Stamped::new(category.map(str::to_string), h),
            unit: Stamped::new("pcs".into(), h),
            price: Stamped::new(12_500, h),
            cost: Stamped::new(10_000, h),
            sold_by_weight: Stamped::new(false, h),
            track_stock: Stamped::new(track, h),
            min_stock_milli: Stamped::new(min, h),
            active: Stamped::new(true, h),
            barcodes: Stamped::new(Vec::new(), h),
            deleted: Stamped::new(false, h),
        }
    }

    fn settings() -> StorefrontRow {
        StorefrontRow {
            store_id: Uuid::nil(),
            slug: "bu-sri".into(),
            enabled: true,
            show_stock: true,
            whatsapp: Some("6281234567890".into()),
            address: Some("Jl. Melati <7>".into()),
            hours: None,
            hidden_categories: vec!["Rokok".into()],
            hidden_products: Vec::new(),
            updated_at_ms: 0,
        }
    }

    #[test]
    fn the_page_escapes_everything_and_says_what_is_left() {
        let evil = product("<script>alert(1)</script>", Some("Minuman"), true, 0);
        let low = product("Teh", Some("Minuman"), true, 2_000);
        let out = product("Kopi", Some("Minuman"), true, 0);
        let free = product("Es batu", None, false, 0);
        let hidden = product("Surya 12", Some("Rokok"), false, 0);
        let catalog = [evil.clone(), low.clone(), out.clone(), free, hidden];
        let stock = HashMap::from([(evil.id, 50_000), (low.id, 2_000)]);
        let page = render(
            "Warung \"Bu Sri\" & <b>Anak</b>",
            &settings(),
            &catalog,
            &stock,
        );
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("Warung &quot;Bu Sri&quot; &amp; &lt;b&gt;Anak&lt;/b&gt;"));
        assert!(page.contains("Jl. Melati &lt;7&gt;"));
        assert!(page.contains("Rp 12.500 / pcs"));
        assert!(page.contains("<h2>Lainnya</h2>"));
        assert!(
            !page.contains("Surya"),
            "a hidden category stays off the page"
        );
        assert_eq!(page.matches("Sisa sedikit").count(), 1);
        assert_eq!(page.matches(">Habis<").count(), 1);
        assert!(page.contains("https://wa.me/6281234567890"));
        let mut no_stock = settings();
        no_stock.show_stock = false;
        assert!(!render("W", &no_stock, &catalog, &stock).contains("Habis"));
    }

    #[test]
    fn rupiah_groups_thousands() {
        assert_eq!(rupiah(0), "Rp 0");
        assert_eq!(rupiah(3_500), "Rp 3.500");
        assert_eq!(rupiah(1_250_000), "Rp 1.250.000");
    }
}
