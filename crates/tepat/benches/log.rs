//! Benchmarks of the transparency log's application side, on SQLite: sequencing queued
//! events (entries, tiles, event indexes and a signed checkpoint per batch), and proofs
//! served from stored tiles of a simulated 100,000,000-entry tree.
//!
//! The big tree is simulated the cheap way: every leaf is the same filler entry, so every
//! stored tile at tile level `t` holds 256 copies of the hash of a complete subtree of
//! `2^(8t)` filler leaves. Only the tiles the probed proofs read are stored; the proofs are
//! read through the same query and code as the server's, and verify against the signed root.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tepat::audit::{Log, proofs, sequencer};
use tepat::clock::{Clock, SystemClock};
use tepat::db::Db;
use tepat::events::{Action, Actor, ActorKind, Changes, NewEvent};
use tlog::{Algorithm, Checkpoint, Hash, HashPlan, MemoryTiles, SignerKey, Tile, TileHashReader};

const EVENTS_PER_RUN: usize = 50_000;
const BIG_SIZE: u64 = 100_000_000;
const PROBES: u64 = 64;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn sqlite(dir: &tempfile::TempDir) -> Db {
    let db = Db::connect(&format!(
        "sqlite://{}",
        dir.path().join("bench.db").display()
    ))
    .await
    .unwrap();
    db.migrate().await.unwrap();
    db
}

fn log() -> Log {
    Log::new(
        SignerKey::from_seed("bench.example/log", Algorithm::Ed25519, [1; 32]).unwrap(),
        Vec::new(),
    )
}

/// Records events as the application does (each queues its entry), in one transaction.
async fn record_events(db: &Db, count: usize, first: usize) {
    let mut tx = db.begin().await.unwrap();
    let now = SystemClock.now();
    for i in first..first + count {
        let event = NewEvent {
            actor: Actor {
                kind: ActorKind::Account,
                id: Some((i % 97) as i64),
                role: "district_officer".into(),
            },
            action: Action("payment.settled"),
            subject_type: "payment",
            subject_id: i.to_string(),
            region: None,
            changes: Changes::new()
                .change("amount_rupiah", 0, 600_000)
                .set("recipient", "Siti Aminah"),
            request_id: None,
        };
        tepat::events::store::record(&mut tx, event, now)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

fn sequencing(c: &mut Criterion) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let db = rt.block_on(sqlite(&dir));
    let log = log();
    let mut recorded = 0;
    let mut group = c.benchmark_group("sequence_sqlite");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(EVENTS_PER_RUN as u64));
    group.bench_function("50000_queued_events", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                rt.block_on(record_events(&db, EVENTS_PER_RUN, recorded));
                recorded += EVENTS_PER_RUN;
                let start = Instant::now();
                let appended = rt
                    .block_on(sequencer::drain(&db, &log, SystemClock.now()))
                    .unwrap();
                total += start.elapsed();
                assert_eq!(appended, EVENTS_PER_RUN);
            }
            total
        })
    });
    group.finish();
}

/// Hash of a complete subtree of `2^level` filler leaves, for every level.
fn filler_hashes() -> Vec<Hash> {
    let mut hashes = vec![tlog::leaf_hash(b"filler")];
    for level in 1..64 {
        let below = hashes[level - 1];
        hashes.push(tlog::node_hash(&below, &below));
    }
    hashes
}

/// Stores the tiles the probed proofs need and a signed checkpoint of the big tree.
async fn big_tree(db: &Db, log: &Log, plans: &[HashPlan]) -> Hash {
    let filler = filler_hashes();
    let mut needed = BTreeSet::new();
    let reader = TileHashReader::new(MemoryTiles::new(), BIG_SIZE);
    for plan in plans
        .iter()
        .chain([&HashPlan::tree_hash(BIG_SIZE).unwrap()])
    {
        needed.extend(reader.tiles_needed(plan.indexes()).unwrap());
    }
    let mut memory = MemoryTiles::new();
    let mut tx = db.begin().await.unwrap();
    for tile in &needed {
        let data = filler[tile.tree_level() as usize]
            .0
            .repeat(usize::from(tile.width()));
        memory.insert(*tile, data.clone());
        tepat::audit::store::upsert_tiles(&mut tx, &[(*tile, data)])
            .await
            .unwrap();
    }
    let root = tlog::tree_hash(&TileHashReader::new(&memory, BIG_SIZE), BIG_SIZE).unwrap();
    let note = Checkpoint::new(log.origin(), BIG_SIZE, root)
        .unwrap()
        .sign(log.signer())
        .unwrap();
    tepat::audit::store::insert_checkpoint(&mut tx, BIG_SIZE, &note, SystemClock.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    root
}

fn probes() -> Vec<u64> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..PROBES)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            1 + x % (BIG_SIZE - 1)
        })
        .collect()
}

fn proofs_at_100m(c: &mut Criterion) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let db = rt.block_on(sqlite(&dir));
    let log = log();
    let probes = probes();
    let mut plans: Vec<HashPlan> = probes
        .iter()
        .map(|&i| HashPlan::inclusion(i, BIG_SIZE).unwrap())
        .collect();
    plans.extend(
        probes
            .iter()
            .map(|&m| HashPlan::consistency(m, BIG_SIZE).unwrap()),
    );
    let root = rt.block_on(big_tree(&db, &log, &plans));
    let leaf = tlog::leaf_hash(b"filler");
    let proof = rt
        .block_on(proofs::inclusion(&db, probes[0], BIG_SIZE))
        .unwrap();
    tlog::verify_inclusion(&leaf, probes[0], BIG_SIZE, &proof, &root).unwrap();
    let mut group = c.benchmark_group("served_proof_100M_sqlite");
    let mut next = 0usize;
    group.bench_function("inclusion", |b| {
        b.iter(|| {
            next = (next + 1) % probes.len();
            black_box(
                rt.block_on(proofs::inclusion(&db, probes[next], BIG_SIZE))
                    .unwrap(),
            )
        })
    });
    group.bench_function("consistency", |b| {
        b.iter(|| {
            next = (next + 1) % probes.len();
            black_box(
                rt.block_on(proofs::consistency(&db, probes[next], BIG_SIZE))
                    .unwrap(),
            )
        })
    });
    group.bench_function("tile", |b| {
        // The level-0 tile holding a probe is stored: its inclusion proof reads it.
        let kind = tlog::TileKind::Hashes { level: 0 };
        let path = Tile::at_size(kind, probes[0] / 256, BIG_SIZE)
            .unwrap()
            .path();
        assert!(rt.block_on(proofs::tile(&db, &path)).unwrap().is_some());
        b.iter(|| black_box(rt.block_on(proofs::tile(&db, &path)).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, sequencing, proofs_at_100m);
criterion_main!(benches);
