//! Tile paths (c2sp.org/tlog-tiles): `tile/<L>/<N>[.p/<W>]` and `tile/entries/<N>[.p/<W>]`.

use std::fmt;

use crate::tile::{MAX_PATH_LEVEL, TILE_WIDTH, Tile, TileError, TileKind};

impl Tile {
    /// The tile's path, relative to the log's URL prefix.
    pub fn path(&self) -> String {
        let mut path = match self.kind() {
            TileKind::Hashes { level } => format!("tile/{level}/"),
            TileKind::Entries => String::from("tile/entries/"),
        };
        path.push_str(&format_tile_index(self.index()));
        if !self.is_full() {
            path.push_str(&format!(".p/{}", self.width()));
        }
        path
    }

    /// Reads a tile path such as `tile/1/x001/234.p/17` or `tile/entries/000`.
    pub fn parse_path(path: &str) -> Result<Self, TileError> {
        let rest = path.strip_prefix("tile/").ok_or(TileError::NotATilePath)?;
        let (kind, rest) = rest.split_once('/').ok_or(TileError::NotATilePath)?;
        let kind = if kind == "entries" {
            TileKind::Entries
        } else {
            TileKind::Hashes {
                level: parse_level(kind)?,
            }
        };
        let (index, width) = match rest.split_once(".p/") {
            Some((index, width)) => (index, parse_width(width)?),
            None => (rest, TILE_WIDTH),
        };
        Tile::new(kind, parse_tile_index(index)?, width)
    }
}

impl fmt::Display for Tile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path())
    }
}

/// Decimal without leading zeroes, as the spec requires for levels and widths.
fn parse_small_decimal(text: &str) -> Option<u16> {
    let canonical = !text.is_empty()
        && text.len() <= 3
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if canonical { text.parse().ok() } else { None }
}

fn parse_level(text: &str) -> Result<u8, TileError> {
    parse_small_decimal(text)
        .and_then(|level| u8::try_from(level).ok())
        .filter(|&level| level <= MAX_PATH_LEVEL)
        .ok_or_else(|| TileError::BadLevel(text.to_owned()))
}

fn parse_width(text: &str) -> Result<u16, TileError> {
    parse_small_decimal(text)
        .filter(|&width| (1..TILE_WIDTH).contains(&width))
        .ok_or_else(|| TileError::BadWidth(text.to_owned()))
}

/// Writes a tile index as path elements: 3-digit groups, all but the last prefixed with `x`.
pub fn format_tile_index(index: u64) -> String {
    let mut groups = Vec::new();
    let mut rest = index;
    loop {
        groups.push(rest % 1000);
        rest /= 1000;
        if rest == 0 {
            break;
        }
    }
    let last = groups.len() - 1;
    let parts: Vec<String> = groups
        .iter()
        .rev()
        .enumerate()
        .map(|(i, group)| {
            if i < last {
                format!("x{group:03}")
            } else {
                format!("{group:03}")
            }
        })
        .collect();
    parts.join("/")
}

/// Reads a tile index written by [`format_tile_index`]; other spellings of the same number
/// (a leading `x000` group) are refused so that every tile has one path.
pub fn parse_tile_index(text: &str) -> Result<u64, TileError> {
    let bad = || TileError::BadIndex(text.to_owned());
    let groups: Vec<&str> = text.split('/').collect();
    let last = groups.len() - 1;
    let mut index: u64 = 0;
    for (i, group) in groups.iter().enumerate() {
        let digits = if i < last {
            group.strip_prefix('x').ok_or_else(bad)?
        } else {
            group
        };
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if i == 0 && last > 0 && digits == "000" {
            return Err(bad());
        }
        let value: u64 = digits.parse().map_err(|_| bad())?;
        index = index
            .checked_mul(1000)
            .and_then(|n| n.checked_add(value))
            .ok_or_else(bad)?;
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn index_encoding_matches_the_spec() {
        for (index, text) in [
            (0, "000"),
            (999, "999"),
            (1000, "x001/000"),
            (1234067, "x001/x234/067"),
        ] {
            assert_eq!(format_tile_index(index), text);
            assert_eq!(parse_tile_index(text), Ok(index));
        }
        assert_eq!(parse_tile_index(&format_tile_index(u64::MAX)), Ok(u64::MAX));
    }

    #[test]
    fn index_parsing_refuses_other_spellings() {
        for text in [
            "", "1", "0001", "x001", "001/000", "x000/001", "x01/000", "xa01/000", "00a",
        ] {
            assert!(
                matches!(parse_tile_index(text), Err(TileError::BadIndex(_))),
                "{text}"
            );
        }
        assert!(parse_tile_index("x018/x446/x744/x073/x709/x551/616").is_err());
    }

    #[test]
    fn paths_round_trip() {
        for path in [
            "tile/0/000",
            "tile/1/x001/234.p/17",
            "tile/entries/273.p/112",
            "tile/7/000.p/3",
        ] {
            assert_eq!(Tile::parse_path(path).unwrap().path(), path);
        }
        let tile = Tile::parse_path("tile/2/000.p/1").unwrap();
        assert_eq!(tile.kind(), TileKind::Hashes { level: 2 });
        assert_eq!((tile.index(), tile.width(), tile.is_full()), (0, 1, false));
    }

    #[test]
    fn malformed_paths_get_specific_errors() {
        let cases = [
            ("tiles/0/000", TileError::NotATilePath),
            ("tile/000", TileError::NotATilePath),
            ("tile/01/000", TileError::BadLevel("01".into())),
            ("tile/64/000", TileError::BadLevel("64".into())),
            ("tile/-1/000", TileError::BadLevel("-1".into())),
            ("tile/data/000", TileError::BadLevel("data".into())),
            ("tile/0/000.p/0", TileError::BadWidth("0".into())),
            ("tile/0/000.p/256", TileError::BadWidth("256".into())),
            ("tile/0/000.p/012", TileError::BadWidth("012".into())),
            ("tile/0/000.p/", TileError::BadWidth("".into())),
            ("tile/0/12", TileError::BadIndex("12".into())),
            ("tile/entries/000/", TileError::BadIndex("000/".into())),
        ];
        for (path, error) in cases {
            assert_eq!(Tile::parse_path(path), Err(error), "{path}");
        }
        assert!(matches!(
            Tile::parse_path("tile/8/000.p/1"),
            Err(TileError::OutOfRange(_))
        ));
        assert!(matches!(
            Tile::parse_path("tile/7/000"),
            Err(TileError::OutOfRange(_))
        ));
        assert!(Tile::new(TileKind::Entries, 0, 0).is_err());
        assert!(Tile::new(TileKind::Entries, 0, 257).is_err());
    }
}
