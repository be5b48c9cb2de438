//! Integration tests of the tlog crate: published test vectors and property tests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod merkle_vectors;
mod note_vectors;
mod properties;
mod support;
mod tile_vectors;
