//! Text that is safe to store and to open: no panic, no control characters, no formula cells.
