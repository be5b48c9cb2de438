//! Tepat: registry, decisions and non-cash disbursement of social assistance, with a
//! tamper-evident public record. This crate is the application behind the `tepat` binary.

pub mod accounts;
pub mod app;
pub mod applications;
pub mod audit;
pub mod auth;
pub mod changes;
pub mod civil;
pub mod cli;
pub mod clock;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod deliberations;
pub mod demo;
pub mod duplicates;
pub mod enrolment;
pub mod events;
pub mod field;
pub mod http;
pub mod import;
pub mod ledger;
pub mod monitoring;
pub mod objections;
pub mod ops;
pub mod portal;
pub mod programmes;
pub mod proposals;
pub mod region_code;
pub mod regions;
pub mod registry;
pub mod review;
pub mod sheets;
pub mod targeting;
pub mod text;
pub mod web;
