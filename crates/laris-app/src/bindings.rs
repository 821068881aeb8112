//! Everything generated from the Rust side of the contract, and its drift test:
//! - `ui/src/lib/api/types.gen.ts`: every type in [`crate::dto`] and [`crate::AppError`] (by
//!   ts-rs), the error-code unions and lists, the shared limits, and the `Commands` interface
//!   with its `invoke` calls, from [`crate::contract`];
//! - `src-tauri/capabilities/default.json`: the window's permissions, exactly its commands;
//! - `src-tauri/commands.gen.rs`: the command names for the shell's build step.
//!
//! The test below fails when a committed file differs from what the Rust side generates; run
//! it with `LARIS_UPDATE_BINDINGS=1` to rewrite them.

use std::fmt::Write;

use laris_protocol::v1::ErrorCode as WireErrorCode;
use ts_rs::TS;

use crate::contract::{CommandSpec, commands};
use crate::dto::*;
use crate::error::AppError;
use crate::error_code::AppErrorCode;

/// Each generated file: its path from the repository root, and its text.
pub fn generated_files() -> Vec<(&'static str, String)> {
    let commands = commands();
    vec![
        ("ui/src/lib/api/types.gen.ts", typescript(&commands)),
        ("src-tauri/capabilities/default.json", capability(&commands)),
        ("src-tauri/commands.gen.rs", command_names(&commands)),
    ]
}

macro_rules! declarations {
    ($($t:ty),* $(,)?) => {
        vec![$(<$t as TS>::decl()),*]
    };
}

fn typescript(commands: &[CommandSpec]) -> String {
    let decls = declarations![
        AppError,
        ProductView,
        LookupView,
        OrderCartView,
        OrderLineView,
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
        PrinterSettingsView,
        PrintFailureView,
        PrintJobView,
        PrintStatusView,
        QrisPaymentView,
        QrisCheckView,
        UnverifiedQrisView,
        SettlementRowView,
        SettlementSaleView,
        SettlementMatchView,
        ReconciliationView,
        ReceiptImageView,
        SavedFileView,
        ShopSetupInput,
        SettingsInput,
        SyncConnectivity,
        SyncView,
        PairInput,
        SignUpInput,
        ProofView,
        RoleView,
        PersonView,
        OnDutyView,
        OwnerSetupInput,
        PersonInput,
        PersonChangeInput,
        PinResetInput,
        OwnPinInput,
        LogInInput,
        AuditActionView,
        ApprovalView,
        AuditEntryView,
        ReturnKindView,
        VoidInput,
        RefundLineInput,
        RefundInput,
        ReturnLineView,
        ReturnView,
        OverRefundView,
        CustomerView,
        CustomerInput,
        KasbonEntryKindView,
        KasbonEntryView,
        CustomerAccountView,
        KasbonInput,
        RepaymentInput,
        ShiftMethodView,
        CashMoveKind,
        CashMoveView,
        ShiftView,
        ShiftStatusView,
        OpenShiftInput,
        CashMoveInput,
        CloseShiftInput,
        CountLineInput,
        CountInput,
        CountLineView,
        CountView,
        ApprovalCodeInput,
    ];
    let mut out = String::from(
        "// Generated from crates/laris-app (dto, contract, error codes) by `cargo test -p\n\
         // laris-app bindings` with LARIS_UPDATE_BINDINGS=1. Do not edit: change the Rust side.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(d.trim());
        out.push_str("\n\n");
    }
    error_codes(&mut out);
    limits(&mut out);
    commands_interface(&mut out, commands);
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn union(out: &mut String, name: &str, codes: &[&str]) {
    let quoted: Vec<String> = codes.iter().map(|c| format!("'{c}'")).collect();
    let _ = writeln!(
        out,
        "export type {name} =\n  | {};\n",
        quoted.join("\n  | ")
    );
}

fn error_codes(out: &mut String) {
    let app: Vec<&str> = AppErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    let wire: Vec<&str> = WireErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    out.push_str("/** A failure on the till itself. */\n");
    union(out, "AppErrorCode", &app);
    out.push_str("/** A code the server sends, passed through. */\n");
    union(out, "ServerErrorCode", &wire);
    out.push_str("/** Every `code` an AppError can have. */\n");
    out.push_str("export type ErrorCode = AppErrorCode | ServerErrorCode;\n\n");
    let list = |codes: &[&str]| {
        codes
            .iter()
            .map(|c| format!("  '{c}',"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let _ = writeln!(
        out,
        "export const APP_ERROR_CODES: readonly AppErrorCode[] = [\n{}\n];\n",
        list(&app)
    );
    let _ = writeln!(
        out,
        "export const SERVER_ERROR_CODES: readonly ServerErrorCode[] = [\n{}\n];\n",
        list(&wire)
    );
    out.push_str(
        "export const ERROR_CODES: readonly ErrorCode[] = [...APP_ERROR_CODES, ...SERVER_ERROR_CODES];\n\n",
    );
}

/// The limits both sides check, from the constants the Rust side checks them with.
fn limits(out: &mut String) {
    let limits: [(&str, &str, String); 15] = [
        (
            "Most milli-units of one line (100,000 units).",
            "maxQtyMilli",
            laris_core::MAX_QTY_MILLI.to_string(),
        ),
        (
            "Highest price or amount, whole Rupiah.",
            "maxPrice",
            laris_core::MAX_PRICE.to_string(),
        ),
        (
            "Most lines in one sale.",
            "maxLinesPerSale",
            laris_core::MAX_LINES_PER_SALE.to_string(),
        ),
        (
            "Fewest digits of a PIN.",
            "minPinDigits",
            laris_core::MIN_PIN_DIGITS.to_string(),
        ),
        (
            "Most digits of a PIN.",
            "maxPinDigits",
            laris_core::MAX_PIN_DIGITS.to_string(),
        ),
        (
            "The wrong PIN in a row that locks a person out first.",
            "lockAfterFailures",
            laris_core::LOCK_AFTER_FAILURES.to_string(),
        ),
        (
            "The first lock-out, ms; each further wrong PIN doubles it.",
            "firstLockMs",
            laris_core::FIRST_LOCK_MS.to_string(),
        ),
        (
            "The longest lock-out, ms.",
            "maxLockMs",
            laris_core::MAX_LOCK_MS.to_string(),
        ),
        (
            "Longest name of a person.",
            "maxPersonNameChars",
            laris_core::MAX_PERSON_NAME_CHARS.to_string(),
        ),
        (
            "Longest receipt prefix (letters and digits, upper case).",
            "maxDeviceCodeLen",
            laris_core::MAX_DEVICE_CODE_LEN.to_string(),
        ),
        (
            "The symbols of a pairing code.",
            "pairingCodeAlphabet",
            format!("'{}'", laris_protocol::PAIRING_CODE_ALPHABET),
        ),
        (
            "Symbols in one pairing code.",
            "pairingCodeLen",
            laris_protocol::PAIRING_CODE_LEN.to_string(),
        ),
        (
            "Most sales one list returns.",
            "maxSalesListed",
            laris_core::MAX_SALES_LISTED.to_string(),
        ),
        (
            "Longest QRIS or transfer reference kept on a payment.",
            "maxReferenceChars",
            laris_core::MAX_REFERENCE_CHARS.to_string(),
        ),
        (
            "Most favourites on the Kasir screen, pinned ones included.",
            "maxFavourites",
            laris_core::MAX_FAVOURITES.to_string(),
        ),
    ];
    out.push_str("/** Limits the till checks, for the window to check the same. */\n");
    out.push_str("export const LIMITS = {\n");
    for (doc, name, value) in limits {
        let _ = writeln!(out, "  /** {doc} */\n  {name}: {value},");
    }
    out.push_str("} as const;\n\n");
}

fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn commands_interface(out: &mut String, commands: &[CommandSpec]) {
    out.push_str("/** Every window command (crates/laris-app/src/contract.rs). */\n");
    out.push_str("export interface Commands {\n");
    for c in commands {
        for line in c.doc {
            let _ = writeln!(out, "  /**{line} */");
        }
        let args: Vec<String> = c
            .args
            .iter()
            .map(|(n, t)| format!("{}: {t}", camel(n)))
            .collect();
        let _ = writeln!(
            out,
            "  {}({}): Promise<{}>;",
            camel(c.name),
            args.join(", "),
            c.reply
        );
    }
    out.push_str("}\n\n");
    let names: Vec<String> = commands.iter().map(|c| format!("'{}'", c.name)).collect();
    let _ = writeln!(
        out,
        "export const COMMAND_NAMES = [{}] as const;\n",
        names.join(", ")
    );
    out.push_str(
        "/** The commands over Tauri's `invoke` (snake_case names, camelCase argument keys). */\n\
         export function invokeCommands(\n  invoke: (cmd: string, args?: Record<string, unknown>) => Promise<unknown>,\n): Commands {\n  return {\n",
    );
    for c in commands {
        let params: Vec<String> = c.args.iter().map(|(n, _)| camel(n)).collect();
        let call_args = if params.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", params.join(", "))
        };
        let _ = writeln!(
            out,
            "    {}: ({}) => invoke('{}'{call_args}) as Promise<{}>,",
            camel(c.name),
            params.join(", "),
            c.name,
            c.reply
        );
    }
    out.push_str("  };\n}\n");
}

/// What the window may open outside itself: WhatsApp's click-to-chat links.
pub const WHATSAPP_URLS: &str = "https://wa.me/*";

fn capability(commands: &[CommandSpec]) -> String {
    let mut permissions = vec![
        "core:event:allow-listen".to_string(),
        "core:event:allow-unlisten".to_string(),
    ];
    permissions.extend(
        commands
            .iter()
            .map(|c| format!("allow-{}", c.name.replace('_', "-"))),
    );
    let mut quoted: Vec<String> = permissions.iter().map(|p| format!("    \"{p}\"")).collect();
    // The opener may open WhatsApp's links (a receipt or a kasbon reminder sent to the
    // customer's number) in the system's browser or app, and nothing else.
    quoted.push(format!(
        "    {{ \"identifier\": \"opener:allow-open-url\", \"allow\": [{{ \"url\": \"{WHATSAPP_URLS}\" }}] }}"
    ));
    format!(
        "{{\n  \"$schema\": \"../gen/schemas/desktop-schema.json\",\n  \"identifier\": \"default\",\n  \
         \"description\": \"The cashier window: Laris's own commands, the sync-status event and opening wa.me links, nothing else. Generated by `cargo test -p laris-app bindings`.\",\n  \
         \"windows\": [\"main\"],\n  \"permissions\": [\n{}\n  ]\n}}\n",
        quoted.join(",\n")
    )
}

fn command_names(commands: &[CommandSpec]) -> String {
    let mut out = String::from(
        "// Generated from crates/laris-app/src/contract.rs by `cargo test -p laris-app bindings`\n\
         // with LARIS_UPDATE_BINDINGS=1. Do not edit. Read by build.rs: a permission per command.\n\
         &[\n",
    );
    for c in commands {
        let _ = writeln!(out, "    \"{}\",", c.name);
    }
    out.push_str("]\n");
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn bindings_match_the_committed_files() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let update = std::env::var_os("LARIS_UPDATE_BINDINGS").is_some();
        let mut stale = Vec::new();
        for (path, generated) in generated_files() {
            let path = root.join(path);
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &generated).unwrap();
                continue;
            }
            if std::fs::read_to_string(&path).unwrap_or_default() != generated {
                stale.push(path.display().to_string());
            }
        }
        assert!(
            stale.is_empty(),
            "out of date with crates/laris-app (dto, contract, error codes): {stale:?}; run \
             `LARIS_UPDATE_BINDINGS=1 cargo test -p laris-app bindings` and commit the result"
        );
    }

    #[test]
    fn every_command_has_a_permission_and_a_method() {
        let files = generated_files();
        for c in commands() {
            assert!(
                files[1]
                    .1
                    .contains(&format!("\"allow-{}\"", c.name.replace('_', "-")))
            );
            assert!(files[0].1.contains(&format!("  {}(", camel(c.name))));
        }
    }
}
