//! A small deterministic random number generator (SplitMix64), so that the same seed
//! always gives the same data set on every machine.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn range(&mut self, low: u32, high_inclusive: u32) -> u32 {
        low + self.below((high_inclusive - low + 1) as usize) as u32
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Picks with a Zipf-like skew: the first items are much more common than the last,
    /// as with real given names.
    pub fn pick_skewed<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.skewed_index(items.len())]
    }

    /// An index in `0..n` drawn with the skew of [`Rng::pick_skewed`].
    pub fn skewed_index(&mut self, n: usize) -> usize {
        let size = n as f64;
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        // Inverse of a continuous 1/(x + 2) density over 0..n.
        let index = (2.0 * ((size + 2.0) / 2.0).powf(u) - 2.0) as usize;
        index.min(n.saturating_sub(1))
    }
}
