//! Black-box tests: the real server on port 0 over a fresh database, on SQLite by default
//! and on PostgreSQL when `TEPAT_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts;
mod anggaran;
mod api;
mod applications;
mod budgets;
mod bulk;
mod by_hand;
mod cek;
mod changes;
mod civil;
mod common;
mod complaints;
mod cycles;
mod dead_ends;
mod dedup;
mod deliberation_calendar;
mod deliberation_scan;
mod deliberations;
mod distribution;
mod donations;
mod duplicates;
mod enrolment;
mod hardening;
mod imports;
mod informasi;
mod kinerja;
mod ledger;
mod log;
mod matrix;
mod notifications;
mod objections;
mod ops;
mod pages;
mod payments;
mod programmes;
mod proposals;
mod registry;
mod statistik;
mod targeting;
mod tokens;
mod vouchers;
