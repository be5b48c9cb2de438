//! Entry bundles (c2sp.org/tlog-tiles): up to 256 entries, each a big-endian `u16` length
//! followed by the entry's bytes.

use crate::tile::TILE_WIDTH;

/// Largest entry a bundle can carry: the length prefix is two bytes.
pub const MAX_ENTRY_BYTES: usize = u16::MAX as usize;

/// Why an entry bundle could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("entry {index} has {len} bytes, more than {MAX_ENTRY_BYTES}")]
    EntryTooLong { index: usize, len: usize },
    #[error("a bundle holds at most {TILE_WIDTH} entries, got {0}")]
    TooManyEntries(usize),
    #[error("bundle ends inside entry {0}")]
    Truncated(usize),
    #[error("bundle holds {actual} entries, expected {expected}")]
    WrongCount { expected: usize, actual: usize },
}

/// Writes entries as a bundle.
pub fn encode_entry_bundle<E: AsRef<[u8]>>(entries: &[E]) -> Result<Vec<u8>, BundleError> {
    if entries.len() > usize::from(TILE_WIDTH) {
        return Err(BundleError::TooManyEntries(entries.len()));
    }
    let total: usize = entries.iter().map(|entry| entry.as_ref().len() + 2).sum();
    let mut bundle = Vec::with_capacity(total);
    for (index, entry) in entries.iter().enumerate() {
        let entry = entry.as_ref();
        let len = u16::try_from(entry.len()).map_err(|_| BundleError::EntryTooLong {
            index,
            len: entry.len(),
        })?;
        bundle.extend_from_slice(&len.to_be_bytes());
        bundle.extend_from_slice(entry);
    }
    Ok(bundle)
}

/// Reads a bundle that must hold exactly `width` entries (the width of its tile).
pub fn parse_entry_bundle(bundle: &[u8], width: u16) -> Result<Vec<&[u8]>, BundleError> {
    let expected = usize::from(width);
    let mut entries = Vec::with_capacity(expected);
    let mut rest = bundle;
    while !rest.is_empty() {
        let index = entries.len();
        if index == expected {
            // Count what follows only to report it; it is refused either way.
            let extra = parse_entry_bundle(rest, TILE_WIDTH)
                .map(|e| e.len())
                .unwrap_or(1);
            return Err(BundleError::WrongCount {
                expected,
                actual: expected + extra,
            });
        }
        let Some((len, tail)) = rest.split_first_chunk::<2>() else {
            return Err(BundleError::Truncated(index));
        };
        let len = usize::from(u16::from_be_bytes(*len));
        let Some((entry, tail)) = tail.split_at_checked(len) else {
            return Err(BundleError::Truncated(index));
        };
        entries.push(entry);
        rest = tail;
    }
    if entries.len() != expected {
        return Err(BundleError::WrongCount {
            expected,
            actual: entries.len(),
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn bundles_round_trip() {
        let entries: [&[u8]; 3] = [b"", b"a", &[7u8; 300]];
        let bundle = encode_entry_bundle(&entries).unwrap();
        assert_eq!(&bundle[..5], &[0, 0, 0, 1, b'a']);
        assert_eq!(parse_entry_bundle(&bundle, 3).unwrap(), entries);
        assert_eq!(encode_entry_bundle::<&[u8]>(&[]).unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn oversized_input_is_refused() {
        let long = vec![0u8; MAX_ENTRY_BYTES + 1];
        assert_eq!(
            encode_entry_bundle(&[long]),
            Err(BundleError::EntryTooLong {
                index: 0,
                len: MAX_ENTRY_BYTES + 1
            })
        );
        let many = vec![b"x"; 257];
        assert_eq!(
            encode_entry_bundle(&many),
            Err(BundleError::TooManyEntries(257))
        );
    }

    #[test]
    fn damaged_bundles_are_refused() {
        let bundle = encode_entry_bundle(&[b"abc", b"def"]).unwrap();
        assert_eq!(
            parse_entry_bundle(&bundle[..1], 1),
            Err(BundleError::Truncated(0))
        );
        assert_eq!(
            parse_entry_bundle(&bundle[..7], 2),
            Err(BundleError::Truncated(1))
        );
        assert_eq!(
            parse_entry_bundle(&bundle, 3),
            Err(BundleError::WrongCount {
                expected: 3,
                actual: 2
            })
        );
        assert_eq!(
            parse_entry_bundle(&bundle, 1),
            Err(BundleError::WrongCount {
                expected: 1,
                actual: 2
            })
        );
    }
}
