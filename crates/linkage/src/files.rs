//! The file-to-file run behind `tepat dedup`: read a CSV, deduplicate, write clusters and
//! optionally the linked pairs with their explanations.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::csv_io::{read_persons, write_clusters};
use crate::dedup::{DedupOptions, DedupReport, Linkage, link_store};
use crate::error::LinkageError;
use crate::explain::explain;
use crate::progress::{Progress, ProgressFn, Stage};

/// Buffer for reading and writing files; large reads keep the CSV parser fed.
const IO_BUFFER_BYTES: usize = 1 << 20;

/// Reads `input`, writes `id,cluster_id` for every accepted row to `output`, and, when
/// `pairs` is given, every linked pair with its probability and explanation.
///
/// Outputs are written to a `.partial` file first and renamed when complete, so an
/// interrupted run never leaves a half-written file under the requested name.
pub fn dedup_files(
    input: &Path,
    output: &Path,
    pairs: Option<&Path>,
    options: &DedupOptions,
    progress: ProgressFn<'_>,
) -> Result<DedupReport, LinkageError> {
    options.check()?;
    let started = Instant::now();
    let file = File::open(input).map_err(|source| LinkageError::Read {
        path: input.to_owned(),
        source,
    })?;
    let reader = BufReader::with_capacity(IO_BUFFER_BYTES, file);
    progress(Progress {
        stage: Stage::Reading,
        done: 0,
        total: None,
    });
    let on_rows = |rows: u64| {
        progress(Progress {
            stage: Stage::Reading,
            done: rows,
            total: None,
        })
    };
    let (store, read) = read_persons(reader, &on_rows)?;
    let reading_ms = started.elapsed().as_millis() as u64;
    let mut linkage = link_store(store, read, options, progress)?;
    linkage
        .report
        .stage_ms
        .insert(0, (Stage::Reading, reading_ms));

    let writing = Instant::now();
    let records = linkage.report.records;
    progress(Progress {
        stage: Stage::Writing,
        done: 0,
        total: Some(records),
    });
    write_atomically(output, |out| {
        write_clusters(out, &linkage.store, &linkage.clusters.representative)
    })?;
    if let Some(path) = pairs {
        write_atomically(path, |out| write_pairs(out, &linkage))?;
    }
    progress(Progress {
        stage: Stage::Writing,
        done: records,
        total: Some(records),
    });
    linkage
        .report
        .stage_ms
        .push((Stage::Writing, writing.elapsed().as_millis() as u64));
    Ok(linkage.report)
}

fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<(), LinkageError> {
    let mut partial = PathBuf::from(path);
    partial.as_mut_os_string().push(".partial");
    let error = |source| LinkageError::Write {
        path: path.to_owned(),
        source,
    };
    let file = File::create(&partial).map_err(error)?;
    let mut out = BufWriter::with_capacity(IO_BUFFER_BYTES, file);
    write(&mut out).map_err(error)?;
    out.flush().map_err(error)?;
    drop(out);
    std::fs::rename(&partial, path).map_err(error)
}

/// Writes `id_a,id_b,probability,match_weight,same_cluster,explanation`, strongest first.
/// `same_cluster` is `no` for a link the NIK guard or the birth-date guard refused.
pub fn write_pairs<W: Write>(output: W, linkage: &Linkage) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(output);
    writer.write_record([
        "id_a",
        "id_b",
        "probability",
        "match_weight",
        "same_cluster",
        "explanation",
    ])?;
    let store = &linkage.store;
    let clusters = &linkage.clusters.representative;
    for pair in &linkage.links {
        let (a, b) = (pair.a as usize, pair.b as usize);
        let explanation = explain(&linkage.scorer, store, a, b, pair.pattern);
        let same = if clusters[a] == clusters[b] {
            "yes"
        } else {
            "no"
        };
        writer.write_record([
            store.id(a),
            store.id(b),
            &format!("{:.6}", pair.probability),
            &format!("{:.2}", explanation.total_bits),
            same,
            &explanation.to_string(),
        ])?;
    }
    writer.flush()
}
