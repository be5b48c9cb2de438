//! The check-in desk without a connection: an officer's phone keeps a hand-out's list —
//! each invitation with its slot, masked name and a salted SHA-256 of its code, never the
//! code itself — checks typed codes against it when the signal is gone, queues each
//! check-in with the moment it happened, and syncs the queue when the connection returns.
//! The server checks each queued code in as if typed then; one checked in already (at
//! another desk) is no error. See `README.md` in the folder above.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
