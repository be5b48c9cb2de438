//! Benchmarks: appending batches to a log, and proofs in a simulated 100,000,000-entry tree.
//!
//! The large tree is a simulation: holding 200 million stored hashes (6.4 GB) is beyond a
//! benchmark machine, so [`SimulatedTree`] defines a tree in which a few "probe" leaves are
//! distinct and every other leaf is the same filler entry. Every hash it serves is the true
//! RFC 9162 hash of that leaf sequence, computed at setup for subtrees holding a probe and
//! shared per level for the rest, so proofs built from it verify for real; only storage is
//! simulated, with an O(1) lookup per hash, like an indexed database read.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeSet, HashMap};
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tlog::{
    Hash, HashReader, MemoryHashes, MemoryTiles, ReadError, Tile, TileHashReader, TileKind,
    TileReader, append_leaf_hashes, append_to_tiles, consistency_proof, inclusion_proof, leaf_hash,
    node_hash, split_stored_hash_index, tree_hash, verify_consistency, verify_inclusion,
};

const BASE_SIZE: u64 = 1_000_000;
const BATCH: u64 = 1_000;
const BIG_SIZE: u64 = 100_000_000;

fn entry(i: u64) -> Vec<u8> {
    // About the size of one canonical event record.
    let region = "31.75.07.1001";
    format!(r#"{{"event":"payment.settled","seq":{i},"region":"{region}","amount_rupiah":600000}}"#)
        .into_bytes()
}

fn leaves(range: std::ops::Range<u64>) -> Vec<Hash> {
    range.map(|i| leaf_hash(&entry(i))).collect()
}

fn append(c: &mut Criterion) {
    let mut hashes = MemoryHashes::new();
    let mut tiles = MemoryTiles::new();
    for start in (0..BASE_SIZE).step_by(100_000) {
        let batch = leaves(start..start + 100_000);
        hashes.extend(&append_leaf_hashes(&hashes, start, &batch).unwrap().hashes);
        for (tile, data) in append_to_tiles(&tiles, start, &batch).unwrap().tiles {
            tiles.insert(tile, data);
        }
    }
    let entries: Vec<Vec<u8>> = (BASE_SIZE..BASE_SIZE + BATCH).map(entry).collect();
    let mut group = c.benchmark_group("append_1000_to_1M");
    group.throughput(Throughput::Elements(BATCH));
    group.bench_function("stored_hashes", |b| {
        b.iter(|| {
            let batch: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
            black_box(append_leaf_hashes(&hashes, BASE_SIZE, &batch).unwrap().root)
        })
    });
    group.bench_function("tiles", |b| {
        b.iter(|| {
            let batch: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
            black_box(append_to_tiles(&tiles, BASE_SIZE, &batch).unwrap())
        })
    });
    group.finish();
}

/// A 100M-leaf tree held sparsely (see the file's comment).
struct SimulatedTree {
    size: u64,
    probes: BTreeSet<u64>,
    /// Hash of a complete subtree of filler leaves, by level.
    filler: Vec<Hash>,
    /// Hash of every complete subtree that holds a probe, by (level, position).
    sparse: HashMap<(u8, u64), Hash>,
}

impl SimulatedTree {
    fn new(size: u64, probes: &[u64]) -> Self {
        let mut filler = vec![leaf_hash(b"filler")];
        for level in 1..64 {
            let below = filler[level - 1];
            filler.push(node_hash(&below, &below));
        }
        let mut tree = SimulatedTree {
            size,
            probes: probes.iter().copied().collect(),
            filler,
            sparse: HashMap::new(),
        };
        for &probe in probes {
            for level in 0..63u8 {
                let n = probe >> level;
                if (n + 1) << level > size {
                    break;
                }
                tree.compute(level, n);
            }
        }
        tree
    }

    fn compute(&mut self, level: u8, n: u64) -> Hash {
        let (lo, hi) = (n << level, (n + 1) << level);
        if self.probes.range(lo..hi).next().is_none() {
            return self.filler[usize::from(level)];
        }
        if let Some(hash) = self.sparse.get(&(level, n)) {
            return *hash;
        }
        let hash = if level == 0 {
            leaf_hash(&entry(n))
        } else {
            let left = self.compute(level - 1, 2 * n);
            let right = self.compute(level - 1, 2 * n + 1);
            node_hash(&left, &right)
        };
        self.sparse.insert((level, n), hash);
        hash
    }

    fn hash(&self, level: u8, n: u64) -> Hash {
        match self.sparse.get(&(level, n)) {
            Some(hash) => *hash,
            None => self.filler[usize::from(level)],
        }
    }
}

impl HashReader for SimulatedTree {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, ReadError> {
        indexes
            .iter()
            .map(|&index| {
                let (level, n) = split_stored_hash_index(index).ok_or(ReadError::Missing(index))?;
                if (n + 1) << level > self.size {
                    return Err(ReadError::NotInTree {
                        index,
                        size: self.size,
                    });
                }
                Ok(self.hash(level, n))
            })
            .collect()
    }
}

impl TileReader for SimulatedTree {
    fn read_tiles(&self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, ReadError> {
        tiles
            .iter()
            .map(|tile| {
                let TileKind::Hashes { level } = tile.kind() else {
                    return Err(ReadError::Storage("no entry bundles here".into()));
                };
                let first = tile.first_position();
                let level = level * 8;
                let data = (first..first + u64::from(tile.width()))
                    .flat_map(|n| self.hash(level, n).0)
                    .collect();
                Ok(data)
            })
            .collect()
    }
}

fn proofs(c: &mut Criterion) {
    let (old, index) = (BIG_SIZE - 12_345_679, 54_321_987);
    let tree = SimulatedTree::new(BIG_SIZE, &[0, 17, index, old - 1, old, BIG_SIZE - 1]);
    let tiles = TileHashReader::new(&tree, BIG_SIZE);
    let root = tree_hash(&tree, BIG_SIZE).unwrap();
    let old_root = tree_hash(&tree, old).unwrap();
    assert_eq!(tree_hash(&tiles, BIG_SIZE).unwrap(), root);
    let leaf = leaf_hash(&entry(index));
    let inclusion = inclusion_proof(&tree, index, BIG_SIZE).unwrap();
    verify_inclusion(&leaf, index, BIG_SIZE, &inclusion, &root).unwrap();
    let consistency = consistency_proof(&tree, old, BIG_SIZE).unwrap();
    verify_consistency(old, BIG_SIZE, &old_root, &root, &consistency).unwrap();

    let mut group = c.benchmark_group("proofs_100M");
    group.bench_function("tree_hash", |b| {
        b.iter(|| tree_hash(&tree, black_box(BIG_SIZE)))
    });
    group.bench_function("inclusion_generate", |b| {
        b.iter(|| inclusion_proof(&tree, black_box(index), BIG_SIZE).unwrap())
    });
    group.bench_function("inclusion_verify", |b| {
        b.iter(|| verify_inclusion(&leaf, black_box(index), BIG_SIZE, &inclusion, &root))
    });
    group.bench_function("inclusion_generate_and_verify", |b| {
        b.iter(|| {
            let proof = inclusion_proof(&tree, black_box(index), BIG_SIZE).unwrap();
            verify_inclusion(&leaf, index, BIG_SIZE, &proof, &root).unwrap()
        })
    });
    group.bench_function("consistency_generate", |b| {
        b.iter(|| consistency_proof(&tree, black_box(old), BIG_SIZE).unwrap())
    });
    group.bench_function("consistency_verify", |b| {
        b.iter(|| verify_consistency(black_box(old), BIG_SIZE, &old_root, &root, &consistency))
    });
    group.bench_function("consistency_generate_and_verify", |b| {
        b.iter(|| {
            let proof = consistency_proof(&tree, black_box(old), BIG_SIZE).unwrap();
            verify_consistency(old, BIG_SIZE, &old_root, &root, &proof).unwrap()
        })
    });
    group.bench_function("inclusion_generate_from_tiles", |b| {
        b.iter(|| inclusion_proof(&tiles, black_box(index), BIG_SIZE).unwrap())
    });
    group.bench_function("consistency_generate_from_tiles", |b| {
        b.iter(|| consistency_proof(&tiles, black_box(old), BIG_SIZE).unwrap())
    });
    group.finish();
}

fn config() -> Criterion {
    // Short runs keep the suite quick; these figures settle within seconds.
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! { name = benches; config = config(); targets = append, proofs }
criterion_main!(benches);
