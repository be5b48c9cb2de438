-- Complaints (pengaduan) from the public site and reports of extortion (pelaporan pungli).
--
-- A complaint names a category, a village and what happened, with up to three photos
-- (stripped of their metadata before they are stored) and an optional place and contact.
-- It is routed to the office of the level that handles its category (complaint_routes,
-- data rather than code), which must answer within the category's days or the complaint
-- goes one level up. The reporter follows it by tracking code; the client address is not
-- stored (the rate limiter keeps a keyed hash of it in memory only).
--
-- A pungli report is anonymous: no account, no address, no user agent; its reporter holds
-- a secret code of which only the hash is stored. It goes to the inspectorate of the
-- region above the accused and escalates when not answered in time.

CREATE TABLE complaint_routes (
    -- not_received, wrong_amount, distribution, data_error, service, question, other
    category   TEXT PRIMARY KEY,
    -- The office that answers first: village, district, province or ministry.
    level      TEXT NOT NULL,
    -- Days the office has to give a first response.
    sla_days   INTEGER NOT NULL
);
INSERT INTO complaint_routes (category, level, sla_days) VALUES
    ('not_received', 'district', 5),
    ('wrong_amount', 'district', 5),
    ('distribution', 'district', 5),
    ('service', 'district', 7),
    ('data_error', 'village', 7),
    ('question', 'village', 5),
    ('other', 'village', 7);

CREATE TABLE complaints (
    id                INTEGER PRIMARY KEY,
    tracking_code     TEXT NOT NULL,
    category          TEXT NOT NULL,
    -- The village the complaint is about.
    region_code       TEXT NOT NULL,
    programme_code    TEXT REFERENCES programmes (code),
    description       TEXT NOT NULL,
    latitude          REAL,
    longitude         REAL,
    -- A phone number or an e-mail address, when the reporter gave one.
    contact           TEXT,
    -- open, answered, resolved, reopened
    status            TEXT NOT NULL,
    -- The office that must answer: its level and its region ('' for the ministry).
    office_level      TEXT NOT NULL,
    office_region     TEXT NOT NULL,
    due_at            TEXT NOT NULL,
    first_response_at TEXT,
    resolved_at       TEXT,
    -- The answer the reporter reads once resolved.
    answer            TEXT,
    reopened          INTEGER NOT NULL DEFAULT 0,
    -- 1 to 5, given by the reporter to the answer.
    rating            INTEGER,
    created_at        TEXT NOT NULL,
    CONSTRAINT complaints_tracking_code_key UNIQUE (tracking_code)
);
CREATE INDEX complaints_region ON complaints (region_code, id);
CREATE INDEX complaints_due ON complaints (status, due_at);

CREATE TABLE complaint_photos (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id),
    photo        BLOB NOT NULL,
    photo_type   TEXT NOT NULL
);
CREATE INDEX complaint_photos_complaint ON complaint_photos (complaint_id);

-- What happened to a complaint, as its reporter reads it on the tracking page.
CREATE TABLE complaint_updates (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id),
    -- submitted, replied, resolved, reopened, rated, escalated
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL,
    -- An official's words, or the reporter's when reopening.
    body         TEXT,
    -- The answering office's level, for replies and answers.
    office_level TEXT,
    author_name  TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX complaint_updates_complaint ON complaint_updates (complaint_id, id);

-- Answered questions published for everyone, with words the official edited to hold
-- nothing personal; the complaint itself stays private.
CREATE TABLE public_answers (
    id             INTEGER PRIMARY KEY,
    complaint_id   INTEGER NOT NULL REFERENCES complaints (id),
    programme_code TEXT REFERENCES programmes (code),
    question       TEXT NOT NULL,
    answer         TEXT NOT NULL,
    published_at   TEXT NOT NULL,
    CONSTRAINT public_answers_complaint_key UNIQUE (complaint_id)
);
CREATE INDEX public_answers_programme ON public_answers (programme_code, id);

CREATE TABLE pungli_reports (
    id                  INTEGER PRIMARY KEY,
    -- SHA-256 of the reporter's secret code; the code itself is never stored.
    code_hash           TEXT NOT NULL,
    -- Who is accused: a role (village_operator, …, other), a region, a name if given.
    accused_role        TEXT NOT NULL,
    accused_region      TEXT NOT NULL,
    accused_name        TEXT,
    description         TEXT NOT NULL,
    happened_on         TEXT NOT NULL,
    place               TEXT NOT NULL,
    contact             TEXT,
    -- open, answered, closed
    status              TEXT NOT NULL,
    -- The inspectorate's region: the region above the accused, '' for the national one.
    inspectorate_region TEXT NOT NULL,
    due_at              TEXT NOT NULL,
    first_response_at   TEXT,
    escalations         INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    CONSTRAINT pungli_reports_code_hash_key UNIQUE (code_hash)
);
CREATE INDEX pungli_reports_inspectorate ON pungli_reports (inspectorate_region, id);
CREATE INDEX pungli_reports_due ON pungli_reports (status, due_at);

CREATE TABLE pungli_photos (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES pungli_reports (id),
    photo      BLOB NOT NULL,
    photo_type TEXT NOT NULL
);
CREATE INDEX pungli_photos_report ON pungli_photos (report_id);

-- The inspectorate's answers and what the reporter added, in order.
CREATE TABLE pungli_notes (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES pungli_reports (id),
    -- reporter or inspectorate
    author     TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX pungli_notes_report ON pungli_notes (report_id, id);
