//! Spreadsheets that are too big, malformed or not spreadsheets at all are refused, never fatal.
