//! People through the window's commands, on a real database file: the owner's PIN guards
//! every owner-only command (called here directly, as a tampered window would), wrong PINs
//! lock out across a restart of the app, the person on duty is on every sale, and no command
//! changes the audit log.

use std::path::Path;
use std::sync::Arc;

use laris_app::contract::commands;
use laris_app::dto::{
    AuditActionView, CartInput, CartLineInput, CheckoutInput, LogInInput, MovementInput,
    MovementKindInput, OwnPinInput, OwnerSetupInput, PersonChangeInput, PersonInput, PinResetInput,
    ProductInput, RoleView, SettingsInput, ShopSetupInput, TenderInput, TenderMethod,
};
use laris_app::{App, AppConfig, AppErrorCode};
use laris_core::{ManualClock, SeededIds};

/// 2026-11-27 03:00 UTC = 10:00 WIB.
const T0: i64 = 1_795_748_400_000;
const OWNER_PIN: &str = "4821";

fn open(path: &Path, clock: Arc<ManualClock>) -> App {
    App::open(
        path,
        clock,
        Arc::new(SeededIds::new(7)),
        AppConfig::default(),
    )
    .expect("open the till")
}

fn shop(path: &Path, clock: Arc<ManualClock>) -> App {
    let app = open(path, clock);
    app.setup_shop(&ShopSetupInput {
        name: "Warung Bu Sri".into(),
        device_code: "A".into(),
        timezone: "WIB".into(),
    })
    .unwrap();
    app
}

fn person(name: &str, role: RoleView, pin: &str, owner_pin: &str) -> PersonInput {
    PersonInput {
        name: name.into(),
        role,
        pin: pin.into(),
        owner_pin: owner_pin.into(),
    }
}

fn kopi() -> ProductInput {
    ProductInput {
        id: None,
        sku: "KOPI".into(),
        name: "Kopi Kapal Api".into(),
        category: None,
        unit: "pcs".into(),
        price: 1_500,
        cost: 1_000,
        sold_by_weight: false,
        track_stock: true,
        min_stock_milli: 0,
        barcodes: vec![],
        opening_stock_milli: None,
    }
}

#[test]
fn owner_only_commands_refuse_without_the_owner_pin() {
    let dir = tempfile::tempdir().unwrap();
    let app = shop(&dir.path().join("till.db"), Arc::new(ManualClock::new(T0)));
    // Nobody yet: adding a person has no owner to approve it.
    let e = app
        .add_person(&person("Dewi", RoleView::Cashier, "1357", OWNER_PIN))
        .unwrap_err();
    assert!(e.is(AppErrorCode::NoOwner), "{e:?}");
    let on = app
        .set_up_owner(&OwnerSetupInput {
            name: "Bu Sri".into(),
            pin: OWNER_PIN.into(),
        })
        .unwrap();
    assert_eq!(on.person.role, RoleView::Owner);
    let e = app
        .set_up_owner(&OwnerSetupInput {
            name: "Pencuri".into(),
            pin: "1111".into(),
        })
        .unwrap_err();
    assert!(e.is(AppErrorCode::OwnerApprovalRequired), "{e:?}");
    let dewi = app
        .add_person(&person("Dewi", RoleView::Cashier, "1357", OWNER_PIN))
        .unwrap();
    app.save_product(&kopi()).unwrap();

    // Every owner-only command with no PIN, a wrong one and the cashier's: refused, nothing
    // written.
    for pin in ["", "0000", "1357"] {
        let refusals = [
            app.add_person(&person("Rudi", RoleView::Owner, "2468", pin))
                .map(|_| ()),
            app.change_person(&PersonChangeInput {
                id: dewi.id,
                name: None,
                role: Some(RoleView::Owner),
                active: None,
                owner_pin: pin.into(),
            })
            .map(|_| ()),
            app.reset_pin(&PinResetInput {
                id: dewi.id,
                new_pin: "9999".into(),
                owner_pin: pin.into(),
            }),
        ];
        for r in refusals {
            let e = r.unwrap_err();
            assert!(
                e.is(AppErrorCode::WrongPin) || e.is(AppErrorCode::PinLocked),
                "{pin:?}: {e:?}"
            );
        }
    }
    let people = app.people().unwrap();
    assert_eq!(people.len(), 2);
    assert!(people.iter().all(|p| p.name != "Rudi"));
    assert_eq!(
        people.iter().find(|p| p.id == dewi.id).unwrap().role,
        RoleView::Cashier
    );
    // The owner-only commands of the other screens: refused without the owner's PIN too.
    let any = app.products(None).unwrap();
    let e = app.delete_product(any[0].id, None).unwrap_err();
    assert!(e.is(AppErrorCode::OwnerApprovalRequired), "{e:?}");
    let e = app
        .record_movement(&MovementInput {
            unit_cost: None,
            supplier: None,
            product_id: any[0].id,
            kind: MovementKindInput::Adjustment,
            qty_milli: -1_000,
            reason: Some("rusak".into()),
            owner_pin: Some("1357".into()),
        })
        .unwrap_err();
    assert!(
        e.is(AppErrorCode::WrongPin) || e.is(AppErrorCode::PinLocked),
        "{e:?}"
    );
    let shop = app.shop().unwrap();
    let e = app
        .save_settings(&SettingsInput {
            max_discount_bp: None,
            cost_method: None,
            qris_payload: None,
            name: "Warung Pencuri".into(),
            address: shop.address.clone(),
            receipt_footer: shop.receipt_footer.clone(),
            timezone: shop.timezone.clone(),
            tax_mode: shop.tax_mode.clone(),
            tax_rate_bp: shop.tax_rate_bp,
            rounding: shop.rounding.clone(),
            owner_pin: None,
        })
        .unwrap_err();
    assert!(e.is(AppErrorCode::OwnerApprovalRequired), "{e:?}");
    assert_eq!(app.shop().unwrap().name, "Warung Bu Sri");
    assert_eq!(app.products(None).unwrap().len(), any.len());
    // A restock is not owner-only.
    app.record_movement(&MovementInput {
        unit_cost: None,
        supplier: None,
        product_id: any[0].id,
        kind: MovementKindInput::Restock,
        qty_milli: 1_000,
        reason: None,
        owner_pin: None,
    })
    .unwrap();
    // Dewi's PIN still logs her in: the reset never happened.
    app.log_in(&LogInInput {
        person_id: dewi.id,
        pin: "1357".into(),
    })
    .unwrap();
}

#[test]
fn a_lock_out_survives_restarting_the_app_and_sales_name_who_is_on_duty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("till.db");
    let clock = Arc::new(ManualClock::new(T0));
    let app = shop(&path, clock.clone());
    app.set_up_owner(&OwnerSetupInput {
        name: "Bu Sri".into(),
        pin: OWNER_PIN.into(),
    })
    .unwrap();
    let dewi = app
        .add_person(&person("Dewi", RoleView::Cashier, "1357", OWNER_PIN))
        .unwrap();
    let log_in = |app: &App, pin: &str| {
        app.log_in(&LogInInput {
            person_id: dewi.id,
            pin: pin.into(),
        })
    };
    for _ in 0..3 {
        assert!(log_in(&app, "0000").unwrap_err().is(AppErrorCode::WrongPin));
    }
    drop(app);
    let app = open(&path, clock.clone());
    let e = log_in(&app, "1357").unwrap_err();
    assert!(e.is(AppErrorCode::PinLocked), "{e:?}");
    assert!(e.message.contains("30 s"), "{}", e.message);
    clock.advance(30_000);
    let on = log_in(&app, "1357").unwrap();
    assert_eq!(app.on_duty().unwrap(), Some(on));

    let product = app.save_product(&kopi()).unwrap();
    let sale = app
        .checkout(&CheckoutInput {
            kasbon: None,
            owner_pin: None,
            cart: CartInput {
                lines: vec![CartLineInput {
                    unit_price: None,
                    product_id: product.id,
                    qty_milli: 1_000,
                    discount: 0,
                }],
                discount: 0,
            },
            tenders: vec![TenderInput {
                method: TenderMethod::Cash,
                amount: 2_000,
                reference: None,
                confirmed: None,
            }],
            // A window that claims someone else sold it is not believed.
            cashier: Some("Bu Sri".into()),
        })
        .unwrap();
    assert_eq!(sale.cashier.as_deref(), Some("Dewi"));
    app.log_out().unwrap();
    assert_eq!(app.on_duty().unwrap(), None);
}

#[test]
fn no_command_changes_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let app = shop(&dir.path().join("till.db"), Arc::new(ManualClock::new(T0)));
    // The contract has one audit command, and it reads.
    let audit: Vec<_> = commands()
        .into_iter()
        .map(|c| c.name)
        .filter(|n| n.contains("audit"))
        .collect();
    assert_eq!(audit, ["audit_log"]);
    let owner = app
        .set_up_owner(&OwnerSetupInput {
            name: "Bu Sri".into(),
            pin: OWNER_PIN.into(),
        })
        .unwrap();
    app.change_own_pin(&OwnPinInput {
        id: owner.person.id,
        old_pin: OWNER_PIN.into(),
        new_pin: "2580".into(),
    })
    .unwrap();
    let log = app.audit_log(50).unwrap();
    let actions: Vec<_> = log.iter().rev().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            AuditActionView::PersonAdded,
            AuditActionView::DutyStarted,
            AuditActionView::PinChanged
        ]
    );
    // Reading it changes nothing either.
    assert_eq!(app.audit_log(50).unwrap(), log);
}
