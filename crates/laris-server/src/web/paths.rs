//! Every path of the owner's back office, declared once: the router mounts these and the
//! back office's TypeScript (`ui/src/backoffice/api/types.gen.ts`) is generated from them.
//! `{store_id}` and the other braces are path parameters.

/// The back office itself (the single-page app and its assets).
pub const APP: &str = "/";
/// The app's sign-up page; a one-time sign-up link adds `?undangan=<token>`.
pub const SIGNUP_PAGE: &str = "/daftar";

/// Sign-up policy and version: public.
pub const CONFIG: &str = "/v1/web/config";
/// A new owner account with its first shop (policy `open`, or with an invite).
pub const SIGNUP: &str = "/v1/web/signup";
pub const LOGIN: &str = "/v1/web/login";
/// Ends the presenting session.
pub const LOGOUT: &str = "/v1/web/logout";
/// The signed-in owner, the CSRF token and the shops.
pub const ME: &str = "/v1/web/me";
pub const SESSIONS: &str = "/v1/web/sessions";
pub const SESSION_REVOKE: &str = "/v1/web/sessions/{session_id}/revoke";
/// Another shop (outlet) of the signed-in owner.
pub const STORES: &str = "/v1/web/stores";

pub const DASHBOARD: &str = "/v1/web/stores/{store_id}/dashboard";
pub const DEVICES: &str = "/v1/web/stores/{store_id}/devices";
pub const DEVICE_RENAME: &str = "/v1/web/stores/{store_id}/devices/{device_id}/rename";
pub const DEVICE_REVOKE: &str = "/v1/web/stores/{store_id}/devices/{device_id}/revoke";
/// A pairing code for a new till ("Tambah perangkat").
pub const PAIRING_CODES: &str = "/v1/web/stores/{store_id}/pairing-codes";
/// GET the catalog (`?q=` searches), POST a new product.
pub const PRODUCTS: &str = "/v1/web/stores/{store_id}/products";
/// POST a catalog CSV (all rows or none; a row with a known SKU edits that product).
pub const PRODUCTS_IMPORT: &str = "/v1/web/stores/{store_id}/products/import";
/// POST an edit of one product.
pub const PRODUCT: &str = "/v1/web/stores/{store_id}/products/{product_id}";
/// GET sales of a period, newest first (`?from=&to=&before=`).
pub const SALES: &str = "/v1/web/stores/{store_id}/sales";
/// GET one sale as its receipt.
pub const SALE: &str = "/v1/web/stores/{store_id}/sales/{sale_id}";
/// GET store-wide stock levels.
pub const STOCK: &str = "/v1/web/stores/{store_id}/stock";
/// GET kasbon owed and every till's shifts.
pub const BOOKS: &str = "/v1/web/stores/{store_id}/books";
/// GET voids and refunds of a period (`?from=&to=`).
pub const RETURNS: &str = "/v1/web/stores/{store_id}/returns";
/// GET the tills' audit log of a period.
pub const AUDIT: &str = "/v1/web/stores/{store_id}/audit";
/// GET restocks, adjustments and counts of a period.
pub const MOVEMENTS: &str = "/v1/web/stores/{store_id}/stock/movements";
/// GET and POST the shop's online page settings.
pub const STOREFRONT: &str = "/v1/web/stores/{store_id}/storefront";
/// The shop's public page (server-rendered HTML, no sign-in, no JavaScript).
pub const SHOP_PAGE: &str = "/t/{slug}";
/// POST the page's order form: answered with WhatsApp (303 to wa.me), the order as text with
/// its order code.
pub const SHOP_ORDER: &str = "/t/{slug}/pesan";
/// GET a dataset as a file: `{dataset}` is an [`super::wire::Dataset`], `?format=csv|xlsx`
/// and the period `?from=&to=`.
pub const EXPORT: &str = "/v1/web/stores/{store_id}/export/{dataset}";

/// Every path, for the generated TypeScript: (name, path).
pub const ALL: &[(&str, &str)] = &[
    ("config", CONFIG),
    ("signup", SIGNUP),
    ("login", LOGIN),
    ("logout", LOGOUT),
    ("me", ME),
    ("sessions", SESSIONS),
    ("sessionRevoke", SESSION_REVOKE),
    ("stores", STORES),
    ("dashboard", DASHBOARD),
    ("devices", DEVICES),
    ("deviceRename", DEVICE_RENAME),
    ("deviceRevoke", DEVICE_REVOKE),
    ("pairingCodes", PAIRING_CODES),
    ("products", PRODUCTS),
    ("product", PRODUCT),
    ("productsImport", PRODUCTS_IMPORT),
    ("sales", SALES),
    ("sale", SALE),
    ("stock", STOCK),
    ("books", BOOKS),
    ("returns", RETURNS),
    ("audit", AUDIT),
    ("movements", MOVEMENTS),
    ("storefront", STOREFRONT),
    ("export", EXPORT),
];

/// The header that carries the session's CSRF token on every state change.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The session cookie.
pub const SESSION_COOKIE: &str = "laris_session";
