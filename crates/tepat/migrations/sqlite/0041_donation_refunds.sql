-- Money paid to a need that was withdrawn or expired before it reached the household goes
-- back to its donor: the bank's reference of the return transfer, and when it was recorded.
ALTER TABLE donation_pledges ADD COLUMN refund_reference TEXT;
ALTER TABLE donation_pledges ADD COLUMN refunded_at TEXT;
