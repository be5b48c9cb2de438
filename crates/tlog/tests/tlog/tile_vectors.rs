//! Tile path vectors (C2SP tlog-tiles examples, Go sumdb tile paths) and a tiled log of
//! the Sunlight test tree.

use tlog::{
    Hash, MemoryTiles, Tile, TileError, append_to_tiles, changed_entry_bundles,
    encode_entry_bundle, entry_bundles_for_size, format_tile_index, hash_tiles_for_size,
    parse_tile_index, verify_tiled_log,
};

use crate::support::{read_json, str};

#[test]
fn index_paths() {
    let vectors = read_json("tlog_tiles_paths.json");
    for (index, path) in vectors["index_paths"].as_object().unwrap() {
        let index: u64 = index.parse().unwrap();
        assert_eq!(format_tile_index(index), str(path));
        assert_eq!(parse_tile_index(str(path)), Ok(index));
    }
}

#[test]
fn tiles_of_whole_trees() {
    let vectors = read_json("tlog_tiles_paths.json");
    let tree = &vectors["tree_tiles"];
    let paths = |tiles: Vec<Tile>| -> Vec<String> { tiles.iter().map(Tile::path).collect() };
    let list = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|p| str(p).to_owned())
            .collect()
    };
    for size in ["256", "300"] {
        let n: u64 = size.parse().unwrap();
        assert_eq!(
            paths(hash_tiles_for_size(n).collect()),
            list(&tree[size]["hash_tiles"])
        );
        assert_eq!(
            paths(entry_bundles_for_size(n).collect()),
            list(&tree[size]["entries"])
        );
        for path in list(&tree[size]["hash_tiles"]) {
            let tile = Tile::parse_path(&path).unwrap();
            assert!(tile.check_in_tree(n).is_ok());
        }
    }
    let big = &tree["70000"];
    let tiles: Vec<Tile> = hash_tiles_for_size(70_000).collect();
    let full = big["level0_full_count"].as_u64().unwrap() as usize;
    assert!(
        tiles[..full]
            .iter()
            .all(|t| t.is_full() && t.tree_level() == 0)
    );
    assert_eq!(
        paths(tiles[full..].to_vec()),
        list(&big["hash_tiles_nonfull_or_upper"])
    );
    let bundles: Vec<Tile> = entry_bundles_for_size(70_000).collect();
    assert_eq!(bundles.len() as u64, big["entries_count"].as_u64().unwrap());
    assert_eq!(bundles.last().unwrap().path(), str(&big["entries_last"]));
}

/// Go's sumdb paths put the tile height in the path (`tile/<H>/<L>/<N>`) and call entry
/// bundles `data`; with the height dropped they are C2SP paths, whose index groups match.
#[test]
fn go_sumdb_tile_path_indexes() {
    let vectors = read_json("tlog_tiles_paths.json");
    let go = &vectors["go_sumdb_tile_paths"];
    for (path, tuple) in go["valid"].as_object().unwrap() {
        let parts: Vec<&str> = path.splitn(4, '/').collect();
        let index_part = parts[3].split(".p/").next().unwrap();
        assert_eq!(
            parse_tile_index(index_part),
            Ok(tuple[2].as_u64().unwrap()),
            "{path}"
        );
        let c2sp = format!("tile/{}/{}", parts[2].replace("data", "entries"), parts[3]);
        match Tile::parse_path(&c2sp) {
            Ok(tile) => assert_eq!(tile.path(), c2sp),
            // Level-5 tiles so far out lie beyond any tree this crate holds.
            Err(error) => assert!(matches!(error, TileError::OutOfRange(_)), "{c2sp}"),
        }
    }
    for path in go["invalid"].as_array().unwrap() {
        let parts: Vec<&str> = str(path).splitn(4, '/').collect();
        let c2sp = format!("tile/{}/{}", parts[2], parts[3]);
        assert!(Tile::parse_path(&c2sp).is_err(), "{c2sp}");
    }
}

/// The Sunlight mirror tree (300 entries "record N"), served as tiles and bundles, verifies
/// against the root in the mirror's cosigned checkpoint.
#[test]
fn sunlight_tree_as_a_tiled_log() {
    let root = Hash::from_base64("gw31yQrqZZCcEOPrzX+bpy3nJ6QgngTKn8G1m0i62uU=").unwrap();
    let entry = |i: u64| format!("record {i}").into_bytes();
    let mut tiles = MemoryTiles::new();
    let mut size = 0;
    for batch in [7u64, 250, 43] {
        let leaves: Vec<Hash> = (size..size + batch)
            .map(|i| tlog::leaf_hash(&entry(i)))
            .collect();
        let appended = append_to_tiles(&tiles, size, &leaves).unwrap();
        appended
            .tiles
            .into_iter()
            .for_each(|(tile, data)| tiles.insert(tile, data));
        for bundle in changed_entry_bundles(size, size + batch) {
            let first = bundle.first_position();
            let entries: Vec<Vec<u8>> = (first..first + u64::from(bundle.width()))
                .map(entry)
                .collect();
            tiles.insert(bundle, encode_entry_bundle(&entries).unwrap());
        }
        size += batch;
        if size == 300 {
            assert_eq!(appended.root, root);
        }
    }
    verify_tiled_log(&tiles, 300, &root, |_, _| {}).unwrap();
}
