//! `tepat verify`: an independent check of a published log, given only where it is and its
//! verifier key. It verifies the checkpoint's signature, downloads every entry bundle and
//! tile and rebuilds the tree from the entries, checks that the log only grew since the
//! checkpoint seen last time (kept in a state file), and checks the server's own proofs.

use std::path::{Path, PathBuf};

use tlog::{
    CheckpointError, Hash, ProofError, RebuildError, Tile, TileReader, TreeRebuilder, VerifierKey,
    leaf_hash, open_checkpoint, verify_consistency, verify_inclusion, verify_tiled_log,
};

use super::entry::LogEntry;

/// Longest a single download may take.
const FETCH_TIMEOUT_S: u64 = 60;

/// Where the log is read from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A Tepat server: the log under `{base}/log/`, proofs under `{base}/api/v1/log/`.
    Http {
        base: String,
        client: reqwest::Client,
    },
    /// A directory written by `tepat log export` (no proof API there).
    Dir(PathBuf),
}

/// Why verification failed.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("cannot fetch {what}: {reason}")]
    Fetch { what: String, reason: String },
    #[error("the checkpoint does not verify: {0}")]
    Checkpoint(#[source] CheckpointError),
    #[error("the log does not match its checkpoint: {0}")]
    Tiles(#[source] RebuildError),
    #[error("entry {index} is not a Tepat log entry: {reason}")]
    Entry { index: u64, reason: String },
    #[error("the log shrank from {old} to {new} entries since the last check")]
    Shrank { old: u64, new: u64 },
    #[error(
        "the log was rewritten: its first {old} entries no longer have the root seen last time"
    )]
    Rewritten { old: u64 },
    #[error("the state file {path} is unusable: {reason}")]
    State { path: PathBuf, reason: String },
    #[error("the server's {what} proof does not verify: {source}")]
    Proof { what: String, source: ProofError },
}

/// What was verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    /// The size checked last time, when a state file had one.
    pub previous_size: Option<u64>,
    /// Server proofs checked (inclusion and consistency).
    pub proofs_checked: usize,
}

impl Source {
    pub fn http(base: &str) -> Result<Self, VerifyError> {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(FETCH_TIMEOUT_S))
            .build()
            .map_err(|err| fetch_error("a connection", err))?;
        let base = base.trim_end_matches('/').to_owned();
        Ok(Self::Http { base, client })
    }

    /// Reads `relative` under the log's prefix (`checkpoint`, `tile/…`).
    async fn log_file(&self, relative: &str) -> Result<Vec<u8>, VerifyError> {
        match self {
            Self::Http { base, .. } => self.get(&format!("{base}/log/{relative}")).await,
            Self::Dir(dir) => std::fs::read(dir.join(relative))
                .map_err(|err| fetch_error(&dir.join(relative).display().to_string(), err)),
        }
    }

    async fn get(&self, url: &str) -> Result<Vec<u8>, VerifyError> {
        let Self::Http { client, .. } = self else {
            return Err(fetch_error(url, "not served from a directory"));
        };
        let response = client
            .get(url)
            .send()
            .await
            .map_err(|e| fetch_error(url, e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| fetch_error(url, e))?;
        if !status.is_success() {
            let text = String::from_utf8_lossy(&body);
            return Err(fetch_error(url, format!("HTTP {status}: {}", text.trim())));
        }
        Ok(body.to_vec())
    }

    /// A proof from the server's API, as hashes.
    async fn proof(&self, query: &str) -> Result<Option<Vec<Hash>>, VerifyError> {
        let Self::Http { base, .. } = self else {
            return Ok(None);
        };
        let url = format!("{base}/api/v1/log/proof/{query}");
        let body = self.get(&url).await?;
        let parsed: serde_json::Value =
            serde_json::from_slice(&body).map_err(|e| fetch_error(&url, e))?;
        let hashes = parsed
            .get("hashes")
            .and_then(serde_json::Value::as_array)
            .ok_or_else(|| fetch_error(&url, "no \"hashes\" list"))?;
        hashes
            .iter()
            .map(|h| {
                let text = h.as_str().unwrap_or_default();
                Hash::from_base64(text).map_err(|e| fetch_error(&url, e))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

fn fetch_error(what: &str, reason: impl std::fmt::Display) -> VerifyError {
    VerifyError::Fetch {
        what: what.to_owned(),
        reason: reason.to_string(),
    }
}

/// Reads tiles for the library's synchronous rebuild, from a blocking thread.
struct BlockingTiles {
    source: Source,
    runtime: tokio::runtime::Handle,
}

impl TileReader for BlockingTiles {
    fn read_tiles(&self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, tlog::ReadError> {
        self.runtime.block_on(async {
            let mut out = Vec::with_capacity(tiles.len());
            for tile in tiles {
                let bytes = self.source.log_file(&tile.path()).await;
                out.push(bytes.map_err(|err| tlog::ReadError::Storage(Box::new(err)))?);
            }
            Ok(out)
        })
    }
}

/// The checkpoint recorded by the previous run, if any.
fn read_state(path: &Path, key: &VerifierKey) -> Result<Option<(u64, Hash)>, VerifyError> {
    let state_error = |reason: String| VerifyError::State {
        path: path.to_owned(),
        reason,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(state_error(err.to_string())),
    };
    let opened =
        open_checkpoint(&text, key.name(), key, &[]).map_err(|err| state_error(err.to_string()))?;
    Ok(Some((opened.checkpoint.size(), *opened.checkpoint.root())))
}

fn write_state(path: &Path, note: &str) -> Result<(), VerifyError> {
    let temporary = path.with_extension("tmp");
    std::fs::write(&temporary, note)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|err| VerifyError::State {
            path: path.to_owned(),
            reason: err.to_string(),
        })
}

/// What the rebuild saw besides the tree: the old tree's root and two leaf hashes to probe.
#[derive(Default)]
struct Seen {
    old_root: Option<Hash>,
    first_leaf: Option<Hash>,
    last_leaf: Option<Hash>,
    bad_entry: Option<VerifyError>,
}

/// Downloads and rebuilds the whole tree of `size` entries, checking it against `root`.
async fn rebuild(source: &Source, size: u64, root: Hash, old: u64) -> Result<Seen, VerifyError> {
    let reader = BlockingTiles {
        source: source.clone(),
        runtime: tokio::runtime::Handle::current(),
    };
    let task = tokio::task::spawn_blocking(move || {
        let mut seen = Seen::default();
        let mut old_tree = TreeRebuilder::new();
        let result = verify_tiled_log(&reader, size, &root, |index, entry| {
            if index < old {
                old_tree.push_entry(entry);
            }
            if index == 0 {
                seen.first_leaf = Some(leaf_hash(entry));
            }
            if index + 1 == size {
                seen.last_leaf = Some(leaf_hash(entry));
            }
            if let (None, Err(err)) = (&seen.bad_entry, LogEntry::decode(entry)) {
                let reason = err.to_string();
                seen.bad_entry = Some(VerifyError::Entry { index, reason });
            }
        });
        seen.old_root = (old > 0 && old_tree.size() == old).then(|| old_tree.root());
        result.map(|()| seen)
    });
    let seen = task
        .await
        .map_err(|err| fetch_error("the log", err))?
        .map_err(VerifyError::Tiles)?;
    match seen.bad_entry {
        Some(err) => Err(err),
        None => Ok(seen),
    }
}

/// Verifies the log at `source` with `key`, remembering the checkpoint in `state`.
pub async fn verify(
    source: &Source,
    key: &VerifierKey,
    state: Option<&Path>,
) -> Result<Verified, VerifyError> {
    let note = source.log_file("checkpoint").await?;
    let note = String::from_utf8(note).map_err(|e| fetch_error("checkpoint", e))?;
    let opened = open_checkpoint(&note, key.name(), key, &[]).map_err(VerifyError::Checkpoint)?;
    let (size, root) = (opened.checkpoint.size(), *opened.checkpoint.root());
    let previous = state
        .map(|path| read_state(path, key))
        .transpose()?
        .flatten();
    let old = previous.map_or(0, |(old, _)| old);
    if old > size {
        return Err(VerifyError::Shrank { old, new: size });
    }
    let seen = rebuild(source, size, root, old).await?;
    if let Some((old, old_root)) = previous {
        let now_root = if old == 0 {
            Some(tlog::empty_root())
        } else {
            seen.old_root
        };
        if now_root != Some(old_root) {
            return Err(VerifyError::Rewritten { old });
        }
    }
    let proofs_checked = check_server_proofs(source, size, &root, &seen, previous).await?;
    if let Some(path) = state {
        write_state(path, &note)?;
    }
    Ok(Verified {
        origin: opened.checkpoint.origin().to_owned(),
        size,
        root,
        previous_size: previous.map(|(old, _)| old),
        proofs_checked,
    })
}

/// Checks the server's inclusion proofs for the first and last entries and its consistency
/// proof from the previous checkpoint, against what the rebuild computed.
async fn check_server_proofs(
    source: &Source,
    size: u64,
    root: &Hash,
    seen: &Seen,
    previous: Option<(u64, Hash)>,
) -> Result<usize, VerifyError> {
    let mut checked = 0;
    let probes = [
        (0, seen.first_leaf),
        (size.saturating_sub(1), seen.last_leaf),
    ];
    for (index, leaf) in probes {
        let Some(leaf) = leaf else { continue };
        let query = format!("inclusion?index={index}&size={size}");
        let Some(proof) = source.proof(&query).await? else {
            return Ok(checked);
        };
        verify_inclusion(&leaf, index, size, &proof, root).map_err(|source| {
            VerifyError::Proof {
                what: format!("inclusion (entry {index})"),
                source,
            }
        })?;
        checked += 1;
    }
    if let Some((old, old_root)) = previous.filter(|(old, _)| *old > 0 && *old < size) {
        let query = format!("consistency?from={old}&to={size}");
        if let Some(proof) = source.proof(&query).await? {
            verify_consistency(old, size, &old_root, root, &proof).map_err(|source| {
                VerifyError::Proof {
                    what: format!("consistency ({old} to {size})"),
                    source,
                }
            })?;
            checked += 1;
        }
    }
    Ok(checked)
}
