//! Pairs within one block: all of them in a small block, a sorted neighbourhood in a
//! large one, each pair kept only when the rule's corroboration holds.

use crate::block::corroboration::{Corroboration, Member};
use crate::block::{BlockLimits, pack_pair};
use crate::record::Store;

/// The pairs of one block that pass the rule's check, and how many did not.
pub(crate) fn block_pairs(
    store: &Store,
    names: &[u64],
    block: &[(u64, u32)],
    check: Corroboration,
    limits: BlockLimits,
) -> (Vec<u64>, u64) {
    let mut members: Vec<Member> = block
        .iter()
        .map(|&(_, index)| Member::of(store, names, index))
        .collect();
    let mut pairs = Vec::new();
    let mut dropped = 0;
    let mut consider = |a: &Member, b: &Member| {
        if check.holds(a, b) {
            pairs.push(pack_pair(a.index, b.index));
        } else {
            dropped += 1;
        }
    };
    if members.len() <= limits.block_size_max {
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                consider(a, b);
            }
        }
        return (pairs, dropped);
    }
    // Sorted neighbourhood: records with similar names and dates end up side by side.
    members.sort_unstable_by(|a, b| {
        let (ra, rb) = (
            &store.records[a.index as usize],
            &store.records[b.index as usize],
        );
        store
            .text(ra.name_sorted)
            .cmp(store.text(rb.name_sorted))
            .then(ra.birth.cmp(&rb.birth))
            .then(ra.nik.digits().cmp(rb.nik.digits()))
    });
    for (i, a) in members.iter().enumerate() {
        for b in members.iter().skip(i + 1).take(limits.window) {
            consider(a, b);
        }
    }
    (pairs, dropped)
}
