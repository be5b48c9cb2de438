//! What a stranger may send, and what a role may see: each finding of the hardening review
//! re-tried against the real server, one file per kind of finding.

mod audit;
mod privacy;
mod sessions;
mod sheets;
mod text;
