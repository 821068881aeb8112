//! The back office's generated TypeScript, `ui/src/backoffice/api/types.gen.ts`: every type of
//! [`super::wire`] (by ts-rs), the server's error codes, the paths of [`super::paths`] and the
//! limits both sides check. The test fails when the committed file differs; run it with
//! `LARIS_UPDATE_BINDINGS=1` to rewrite it.

use std::fmt::Write;

use laris_protocol::v1::ErrorCode;
use ts_rs::TS;

use super::paths;
use super::wire::*;

/// The generated file's path from the repository root.
pub const PATH: &str = "ui/src/backoffice/api/types.gen.ts";

macro_rules! declarations {
    ($($t:ty),* $(,)?) => {
        vec![$(<$t as TS>::decl()),*]
    };
}

pub fn typescript() -> String {
    let decls = declarations![
        SignupMode,
        WebConfigView,
        SignupInput,
        LoginInput,
        StoreView,
        MeView,
        WebSessionView,
        NewStoreInput,
        PairingCodeView,
        DeviceView,
        RenameDeviceInput,
        GroupView,
        ProductSalesView,
        DashboardView,
        ProductView,
        ProductInput,
        ProductPageView,
        ImportInput,
        ImportView,
        SaleRowView,
        SalesPageView,
        ReceiptLineView,
        PaymentLineView,
        ReceiptView,
        StockRowView,
        KasbonRowView,
        ShiftMethodView,
        ShiftRowView,
        BooksView,
        ReturnRowView,
        AuditRowView,
        MovementRowView,
        StorefrontView,
        StorefrontInput,
        Dataset,
        ExportFormat,
        WebErrorBody,
    ];
    let mut out = String::from(
        "// Generated from crates/laris-server/src/web (wire, paths) by `cargo test -p\n\
         // laris-server web::bindings` with LARIS_UPDATE_BINDINGS=1. Do not edit: change the Rust side.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(d.trim());
        out.push_str("\n\n");
    }
    let codes: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|c| format!("'{}'", c.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "/** Every `code` the server sends. */\nexport type ErrorCode =\n  | {};\n",
        codes.join("\n  | ")
    );
    let _ = writeln!(
        out,
        "export const ERROR_CODES: readonly ErrorCode[] = [\n{}\n];\n",
        codes
            .iter()
            .map(|c| format!("  {c},"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    out.push_str("/** Every back-office path; `{name}` parts are filled in by `path()`. */\n");
    out.push_str("export const PATHS = {\n");
    for (name, path) in paths::ALL {
        let _ = writeln!(out, "  {name}: '{path}',");
    }
    out.push_str("} as const;\n\n");
    let _ = writeln!(
        out,
        "export const CSRF_HEADER = '{}';\n",
        paths::CSRF_HEADER
    );
    let _ = writeln!(
        out,
        "/** Pages of the app the server links to: sign-up (`?undangan=<token>`), pairing \
         (`?kode=<code>`). */\nexport const PAGES = {{ signup: '{}', pairing: '{}' }} as const;\n",
        paths::SIGNUP_PAGE,
        laris_protocol::PAIRING_LINK_PATH
    );
    let datasets: Vec<String> = Dataset::ALL
        .iter()
        .map(|d| format!("'{}'", d.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "export const DATASETS: readonly Dataset[] = [{}];\n",
        datasets.join(", ")
    );
    let _ = writeln!(
        out,
        "/** The limits the server checks. */\nexport const LIMITS = {{\n  \
         minPasswordChars: {},\n  maxNameChars: {},\n  maxPrice: {},\n  \
         maxBarcodesPerProduct: {},\n  salesPageSize: {},\n  pairingCodeAlphabet: '{}',\n  \
         pairingCodeLen: {},\n}} as const;",
        crate::admin::MIN_PASSWORD_CHARS,
        laris_protocol::v1::check::MAX_NAME_CHARS,
        laris_protocol::v1::check::MAX_PRICE,
        laris_protocol::v1::check::MAX_BARCODES_PER_PRODUCT,
        super::SALES_PAGE_SIZE,
        laris_protocol::PAIRING_CODE_ALPHABET,
        laris_protocol::PAIRING_CODE_LEN,
    );
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bindings_match_the_committed_file() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(super::PATH);
        let generated = super::typescript();
        if std::env::var_os("LARIS_UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        assert!(
            std::fs::read_to_string(&path).unwrap_or_default() == generated,
            "{} is out of date with crates/laris-server/src/web; run \
             `LARIS_UPDATE_BINDINGS=1 cargo test -p laris-server web::bindings` and commit it",
            super::PATH
        );
    }
}
