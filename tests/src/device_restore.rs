//! A till restored from an older backup, under faults: the backup taken while the till was
//! synced or had unsynced events, the till selling (and syncing, or not) after it, its disk
//! dying, the backup put back, and the restored till selling before its first sync, so its new
//! sales take seqs the server holds for the lost file's. After healing, every invariant holds:
//! nothing the server got is lost or doubled, the restored till has its lost sales back, and
//! its proof of sync matches seq for seq. Only what never left the dead disk is gone (and the
//! model forgets exactly that).

use rand::{Rng, SeedableRng, rngs::StdRng};

use crate::invariants;
use crate::schedule::{Cluster, Shop, faulty_rounds, replay_changes_nothing};

/// How the restore goes, drawn from the schedule's seed.
#[derive(Debug, Clone, Copy)]
pub struct RestorePlan {
    /// The till restored.
    pub till: usize,
    /// The backup is taken right after a faultless sync (else with sales not yet pushed).
    pub synced_backup: bool,
    /// The till syncs (under faults) between the backup and its disk dying.
    pub syncs_after_backup: bool,
    /// ... and syncs everything before it dies.
    pub fully_synced_at_death: bool,
    /// Sales on the restored till before its first sync.
    pub sales_before_first_sync: usize,
}

impl RestorePlan {
    pub fn draw(rng: &mut StdRng) -> RestorePlan {
        let syncs_after_backup = rng.random_bool(0.6);
        RestorePlan {
            till: rng.random_range(0..3),
            synced_backup: rng.random_bool(0.5),
            syncs_after_backup,
            fully_synced_at_death: syncs_after_backup && rng.random_bool(0.5),
            sales_before_first_sync: rng.random_range(0..=3),
        }
    }
}

/// The restore schedule of `seed` on `cluster`.
pub async fn run(cluster: &mut Cluster, seed: u64) -> Result<(), String> {
    let mut rng = StdRng::seed_from_u64(seed);
    let plan = RestorePlan::draw(&mut rng);
    // No skewed clock here (index 3 is no till): the faults schedules cover that.
    let mut shop = Shop::open(cluster, seed, 3, true).await;
    cluster.faults.start(seed);
    let r = plan.till;
    let others: Vec<usize> = (0..3).filter(|i| *i != r).collect();
    let busy = |shop: &mut Shop, rng: &mut StdRng, tills: &[usize], only_sales: &[usize]| {
        for &i in tills {
            for _ in 0..rng.random_range(1..=3) {
                shop.ring_up(i, rng);
            }
            if !only_sales.contains(&i) && rng.random_bool(0.5) {
                shop.move_stock(i, rng);
            }
            if !only_sales.contains(&i) && rng.random_bool(0.3) {
                shop.edit_price(i, rng);
            }
        }
    };

    busy(&mut shop, &mut rng, &[0, 1, 2], &[]);
    faulty_rounds(cluster, &shop, &mut rng, &[0, 1, 2]).await;
    if plan.synced_backup {
        shop.heal(cluster).await?;
    } else {
        busy(&mut shop, &mut rng, &[r], &[]);
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let backup = dir.path().join("till-backup.db");
    shop.devices[r].backup(&backup);

    // After the backup the till only sells, so what its dead disk takes is sales alone.
    for _ in 0..rng.random_range(1..=3) {
        busy(&mut shop, &mut rng, &[0, 1, 2], &[r]);
        let tills: &[usize] = if plan.syncs_after_backup {
            &[0, 1, 2]
        } else {
            &others
        };
        faulty_rounds(cluster, &shop, &mut rng, tills).await;
    }
    if plan.fully_synced_at_death {
        shop.heal(cluster).await?;
    }

    // The disk dies. What the server got of it survives; the rest is gone with the disk.
    cluster.faults.set_on(false);
    let held = shop.devices[r]
        .prove()
        .await
        .map_err(|e| format!("proof before the restore: {e}"))?
        .up_to;
    let sales_after = |query: laris_core::Query<'_>| -> Vec<uuid::Uuid> {
        query
            .outbox_after(i64::try_from(held).unwrap_or(0), 100_000)
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == "sale")
            .map(|e| e.entity_id)
            .collect()
    };
    let in_backup = sales_after(
        laris_core::DeviceReader::open(&backup)
            .map_err(|e| e.to_string())?
            .query(),
    );
    let gone: Vec<uuid::Uuid> = shop.devices[r]
        .with(|s| sales_after(s.query()))
        .into_iter()
        .filter(|id| !in_backup.contains(id))
        .collect();
    for id in &gone {
        shop.model.forget_sale(*id);
    }
    shop.devices[r].restore_from(&backup, seed.rotate_left(17) ^ 0x5e57_03ed);

    for _ in 0..plan.sales_before_first_sync {
        shop.ring_up(r, &mut rng);
    }
    busy(&mut shop, &mut rng, &others, &[]);
    faulty_rounds(cluster, &shop, &mut rng, &[0, 1, 2]).await;
    shop.ring_up(r, &mut rng);
    faulty_rounds(cluster, &shop, &mut rng, &[0, 1, 2]).await;
    shop.heal(cluster).await?;
    invariants::check_all(&shop.devices, &shop.model)
        .await
        .map_err(|e| format!("{plan:?}, {} sale(s) gone with the disk: {e}", gone.len()))?;
    replay_changes_nothing(&shop, &mut rng).await
}
