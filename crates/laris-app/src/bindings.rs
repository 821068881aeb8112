//! The TypeScript declarations of every type in [`crate::dto`] and of [`crate::AppError`], as
//! one module for the UI (`ui/src/lib/api/types.gen.ts`). The test below fails when the
//! committed file differs from what the Rust types generate (run it with
//! `LARIS_UPDATE_BINDINGS=1` to rewrite the file after changing a type).

use ts_rs::TS;

use crate::dto::*;
use crate::error::AppError;

/// Where the generated module lives, relative to the repository root.
pub const BINDINGS_PATH: &str = "ui/src/lib/api/types.gen.ts";

macro_rules! declarations {
    ($($t:ty),* $(,)?) => {
        vec![$(<$t as TS>::decl()),*]
    };
}

/// The generated module's text.
pub fn typescript() -> String {
    let decls = declarations![
        AppError,
        ProductView,
        LookupView,
        ProductInput,
        MovementKindInput,
        MovementInput,
        StockLevelView,
        ImportResult,
        CartInput,
        CartLineInput,
        QuoteView,
        LineQuote,
        TenderMethod,
        TenderInput,
        CheckoutInput,
        SaleView,
        SaleLineView,
        PaymentView,
        SaleSummaryView,
        ReportScope,
        ReportQuery,
        ReportView,
        TotalsView,
        MethodView,
        HourView,
        BestSellerView,
        ShopView,
        ShopSetupInput,
        SettingsInput,
        SyncConnectivity,
        SyncView,
        PairInput,
        ProofView,
    ];
    let mut out = String::from(
        "// Generated from crates/laris-app/src/dto by `cargo test -p laris-app bindings` with\n\
         // LARIS_UPDATE_BINDINGS=1. Do not edit: change the Rust types instead.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(d.trim());
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn bindings_match_the_committed_typescript() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(BINDINGS_PATH);
        let generated = typescript();
        if std::env::var_os("LARIS_UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is out of date with the Rust types in crates/laris-app/src/dto; run \
             `LARIS_UPDATE_BINDINGS=1 cargo test -p laris-app bindings` and commit the result",
            path.display()
        );
    }
}
