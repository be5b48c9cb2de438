-- The sending client's network address (an IPv6 client by its /64), so that one machine
-- cannot fill a village's queue; NULL where the server did not see one.
ALTER TABLE applications ADD COLUMN client_key TEXT;
CREATE INDEX applications_client_idx ON applications (client_key, submitted_at);
