//! People and PINs on a real database file: the first owner, the owner's approval, the
//! lock-out after wrong PINs (kept across a reopen), duty, and the audit log that no one can
//! change.

mod common;

use std::sync::Arc;

use common::{NOV27_10H_WIB, empty_shop};
use laris_core::{
    Approval, AuditAction, CoreError, DeviceStore, FIRST_LOCK_MS, LOCK_AFTER_FAILURES,
    PersonChange, Role, SeededIds, ShopTimeZone,
};

const OWNER_PIN: &str = "4821";

fn wrong(e: CoreError) -> i64 {
    match e {
        CoreError::WrongPin { locked_ms } => locked_ms,
        other => panic!("expected a wrong PIN, got {other:?}"),
    }
}

#[test]
fn the_first_owner_needs_no_approval_and_everyone_after_does() {
    let mut shop = empty_shop(ShopTimeZone::Wib);
    assert!(matches!(
        shop.store.owner_approval(OWNER_PIN),
        Err(CoreError::NoOwner)
    ));
    let owner = shop.store.add_first_owner(" Bu Sri ", OWNER_PIN).unwrap();
    assert_eq!((owner.name.as_str(), owner.role), ("Bu Sri", Role::Owner));
    // A second "first owner" would be a way around the PIN.
    assert!(matches!(
        shop.store.add_first_owner("Pencuri", "1111"),
        Err(CoreError::OwnerApprovalRequired)
    ));
    let approval = shop.store.owner_approval(OWNER_PIN).unwrap();
    assert_eq!(approval.owner().id, owner.id);
    let dewi = shop
        .store
        .add_person(approval, "Dewi", Role::Cashier, "1357")
        .unwrap();
    // Names are unique whatever their case, and a PIN is 4 to 6 digits.
    let again = shop.store.owner_approval(OWNER_PIN).unwrap();
    assert!(matches!(
        shop.store.add_person(again, "dewi", Role::Cashier, "2468"),
        Err(CoreError::Invalid { field: "name", .. })
    ));
    let again = shop.store.owner_approval(OWNER_PIN).unwrap();
    assert!(matches!(
        shop.store.add_person(again, "Rudi", Role::Cashier, "12a4"),
        Err(CoreError::Invalid { field: "pin", .. })
    ));
    let people = shop.store.query().people().unwrap();
    assert_eq!(
        people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Bu Sri", "Dewi"]
    );
    // A cashier's PIN is not the owner's.
    assert_eq!(wrong(shop.store.owner_approval("1357").unwrap_err()), 0);
    // The hash is argon2id with the PIN nowhere in the file's people table.
    let hash: String = shop
        .store
        .conn()
        .query_row(
            "SELECT pin_hash FROM people WHERE id = ?1",
            [dewi.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("1357"));
}

#[test]
fn the_last_owner_cannot_be_retired_or_demoted() {
    let mut shop = empty_shop(ShopTimeZone::Wib);
    let owner = shop.store.add_first_owner("Bu Sri", OWNER_PIN).unwrap();
    for change in [
        PersonChange {
            active: Some(false),
            ..PersonChange::default()
        },
        PersonChange {
            role: Some(Role::Cashier),
            ..PersonChange::default()
        },
    ] {
        let approval = shop.store.owner_approval(OWNER_PIN).unwrap();
        assert!(matches!(
            shop.store.change_person(approval, owner.id, &change),
            Err(CoreError::LastOwner)
        ));
    }
    let approval = shop.store.owner_approval(OWNER_PIN).unwrap();
    let pak = shop
        .store
        .add_person(approval, "Pak Budi", Role::Owner, "9753")
        .unwrap();
    let approval = shop.store.owner_approval("9753").unwrap();
    assert_eq!(approval.owner().id, pak.id);
    let retired = shop
        .store
        .change_person(
            approval,
            owner.id,
            &PersonChange {
                active: Some(false),
                ..PersonChange::default()
            },
        )
        .unwrap();
    assert!(!retired.active);
    // A retired owner's PIN approves nothing and logs nobody in.
    assert_eq!(wrong(shop.store.owner_approval(OWNER_PIN).unwrap_err()), 0);
    assert!(matches!(
        shop.store.start_duty(owner.id, OWNER_PIN),
        Err(CoreError::PersonRetired(_))
    ));
}

#[test]
fn wrong_pins_lock_out_with_a_growing_delay_that_survives_a_restart() {
    let mut shop = empty_shop(ShopTimeZone::Wib);
    let owner = shop.store.add_first_owner("Bu Sri", OWNER_PIN).unwrap();
    let approval = shop.store.owner_approval(OWNER_PIN).unwrap();
    let dewi = shop
        .store
        .add_person(approval, "Dewi", Role::Cashier, "1357")
        .unwrap();
    for _ in 1..LOCK_AFTER_FAILURES {
        assert_eq!(
            wrong(shop.store.start_duty(dewi.id, "0000").unwrap_err()),
            0
        );
    }
    assert_eq!(
        wrong(shop.store.start_duty(dewi.id, "0000").unwrap_err()),
        FIRST_LOCK_MS
    );
    // While locked even the right PIN is not checked.
    assert!(matches!(
        shop.store.start_duty(dewi.id, "1357"),
        Err(CoreError::PinLocked {
            retry_after_ms: FIRST_LOCK_MS
        })
    ));
    // Restarting the app: the lock is still there.
    let path = shop.path();
    let clock = shop.clock.clone();
    drop(shop.store);
    let mut store = DeviceStore::open(&path, clock.clone(), Arc::new(SeededIds::new(8))).unwrap();
    clock.advance(10_000);
    assert!(matches!(
        store.start_duty(dewi.id, "1357"),
        Err(CoreError::PinLocked {
            retry_after_ms: 20_000
        })
    ));
    // After the lock a wrong PIN locks again, twice as long.
    clock.advance(20_000);
    assert_eq!(
        wrong(store.start_duty(dewi.id, "0000").unwrap_err()),
        2 * FIRST_LOCK_MS
    );
    // Another person is not locked by Dewi's tries.
    store.start_duty(owner.id, OWNER_PIN).unwrap();
    clock.advance(2 * FIRST_LOCK_MS);
    let on = store.start_duty(dewi.id, "1357").unwrap();
    assert_eq!(on.person.id, dewi.id);
    assert_eq!(on.since, NOV27_10H_WIB + 90_000);
    // The right PIN starts the count again.
    assert_eq!(wrong(store.start_duty(dewi.id, "0000").unwrap_err()), 0);
    let locks = store
        .query()
        .audit_log(100)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::PinLocked)
        .count();
    assert_eq!(locks, 2);
}

#[test]
fn duty_names_who_is_at_the_till_and_the_log_says_who_did_what() {
    let mut shop = empty_shop(ShopTimeZone::Wib);
    let owner = shop.store.add_first_owner("Bu Sri", OWNER_PIN).unwrap();
    shop.clock.advance(1_000);
    let approval = shop.store.owner_approval(OWNER_PIN).unwrap();
    let dewi = shop
        .store
        .add_person(approval, "Dewi", Role::Cashier, "1357")
        .unwrap();
    assert_eq!(shop.store.query().on_duty().unwrap(), None);
    shop.clock.advance(1_000);
    shop.store.start_duty(dewi.id, "1357").unwrap();
    assert_eq!(
        shop.store.query().on_duty().unwrap().unwrap().person.name,
        "Dewi"
    );
    shop.clock.advance(1_000);
    shop.store.change_own_pin(dewi.id, "1357", "2468").unwrap();
    assert_eq!(
        wrong(shop.store.start_duty(dewi.id, "1357").unwrap_err()),
        0
    );
    shop.clock.advance(1_000);
    shop.store.end_duty().unwrap();
    assert_eq!(shop.store.query().on_duty().unwrap(), None);
    shop.clock.advance(1_000);
    let approval = shop.store.owner_approval(OWNER_PIN).unwrap();
    shop.store.reset_pin(approval, dewi.id, "8642").unwrap();
    shop.store.start_duty(dewi.id, "8642").unwrap();

    let log = shop.store.query().audit_log(100).unwrap();
    let seen: Vec<_> = log
        .iter()
        .rev()
        .map(|e| {
            (
                e.action,
                e.actor.as_ref().unwrap().name.as_str(),
                e.approval,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                AuditAction::PersonAdded,
                "Bu Sri",
                Some(Approval::FirstOwner)
            ),
            (AuditAction::PersonAdded, "Bu Sri", Some(Approval::OwnerPin)),
            (AuditAction::DutyStarted, "Dewi", None),
            (AuditAction::PinChanged, "Dewi", Some(Approval::OwnPin)),
            (AuditAction::DutyEnded, "Dewi", None),
            (AuditAction::PinChanged, "Bu Sri", Some(Approval::OwnerPin)),
            (AuditAction::DutyStarted, "Dewi", None),
        ]
    );
    let reset = &log[1];
    assert_eq!(reset.approver, Some(owner.id));
    assert_eq!(reset.subject.as_deref(), Some(dewi.id.to_string().as_str()));
    assert!(
        log.iter()
            .all(|e| !e.detail.contains("8642") && !e.detail.contains("2468"))
    );
}

#[test]
fn the_audit_log_refuses_every_update_and_delete() {
    let mut shop = empty_shop(ShopTimeZone::Wib);
    shop.store.add_first_owner("Bu Sri", OWNER_PIN).unwrap();
    let conn = shop.store.conn();
    for sql in [
        "UPDATE audit_log SET detail = 'nothing happened'",
        "DELETE FROM audit_log",
    ] {
        let e = conn.execute(sql, []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    assert_eq!(shop.store.query().audit_log(10).unwrap().len(), 1);
}

#[test]
fn owner_only_actions_need_the_pin_once_anyone_is_set_up_and_are_audited() {
    let mut shop = common::shop();
    let product = shop.store.product_by_code("W0001").unwrap();
    // Nobody set up yet: no PIN is asked, and the log says so.
    let open = shop.store.owner_authority(None).unwrap();
    assert!(open.owner().is_none());
    shop.store
        .adjust_stock(open, &product, -1_000, "rusak")
        .unwrap();
    let owner = shop.store.add_first_owner("Bu Sri", OWNER_PIN).unwrap();
    // From now on: no PIN, a wrong PIN, a cashier's PIN are all refused.
    assert!(matches!(
        shop.store.owner_authority(None),
        Err(CoreError::OwnerApprovalRequired)
    ));
    assert_eq!(
        wrong(shop.store.owner_authority(Some("0000")).unwrap_err()),
        0
    );
    let level_before = shop.store.stock_level(product.id).unwrap();
    let authority = shop.store.owner_authority(Some(OWNER_PIN)).unwrap();
    let level = shop
        .store
        .adjust_stock(authority, &product, -2_000, "hitung ulang")
        .unwrap();
    assert_eq!(level, level_before - 2_000);
    let authority = shop.store.owner_authority(Some(OWNER_PIN)).unwrap();
    assert!(shop.store.delete_product(authority, product.id).unwrap());
    let mut settings = shop.store.settings().unwrap();
    settings.receipt_footer = "Matur nuwun".into();
    let authority = shop.store.owner_authority(Some(OWNER_PIN)).unwrap();
    shop.store.save_settings(authority, &settings).unwrap();

    let log = shop.store.query().audit_log(100).unwrap();
    let gated: Vec<_> = log
        .iter()
        .rev()
        .filter(|e| {
            matches!(
                e.action,
                AuditAction::StockAdjusted
                    | AuditAction::ProductDeleted
                    | AuditAction::SettingsChanged
            )
        })
        .map(|e| (e.action, e.approval, e.approver, e.reason.as_deref()))
        .collect();
    assert_eq!(
        gated,
        [
            (
                AuditAction::StockAdjusted,
                Some(Approval::NobodySetUp),
                None,
                Some("rusak")
            ),
            (
                AuditAction::StockAdjusted,
                Some(Approval::OwnerPin),
                Some(owner.id),
                Some("hitung ulang")
            ),
            (
                AuditAction::ProductDeleted,
                Some(Approval::OwnerPin),
                Some(owner.id),
                None
            ),
            (
                AuditAction::SettingsChanged,
                Some(Approval::OwnerPin),
                Some(owner.id),
                None
            ),
        ]
    );
    assert!(log[0].detail.contains("Matur nuwun"), "{}", log[0].detail);
}
