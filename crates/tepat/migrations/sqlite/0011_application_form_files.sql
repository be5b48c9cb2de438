-- Documents uploaded with a self-registration form that came back with a mistake, kept
-- against the form's one-time id so that the family need not upload them again; moved to
-- application_documents when the form is sent, removed after a day otherwise.
CREATE TABLE application_form_files (
    id           INTEGER PRIMARY KEY,
    form_id      TEXT NOT NULL,
    client_key   TEXT,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content      BLOB NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX application_form_files_form_idx ON application_form_files (form_id, id);
CREATE INDEX application_form_files_client_idx ON application_form_files (client_key, uploaded_at);
CREATE INDEX application_form_files_uploaded_idx ON application_form_files (uploaded_at);
