-- Who opened an application with its members' full NIKs, when and why (UU PDP No.
-- 27/2022): the same record the registry keeps in person_views, for families not yet in
-- the registry.
CREATE TABLE application_views (
    id             INTEGER PRIMARY KEY,
    viewed_at      TEXT NOT NULL,
    actor_kind     TEXT NOT NULL,
    actor_id       INTEGER,
    actor_role     TEXT NOT NULL,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    region_code    TEXT NOT NULL,
    purpose        TEXT NOT NULL
);
CREATE INDEX application_views_region_idx ON application_views (region_code, id);
CREATE INDEX application_views_application_idx ON application_views (application_id, id);
