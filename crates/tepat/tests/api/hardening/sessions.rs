//! Sessions and forms: CSRF bound to the session, security headers, login throttling, lookups.
