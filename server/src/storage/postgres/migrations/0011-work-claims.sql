-- Work that one relay at a time may do (answering a customer's text, sending a queued one), taken
-- until a lease ends: a relay that stops mid-way leaves it to another once the lease is over.
CREATE TABLE work_claims (
  key TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  leased_until TEXT NOT NULL
);
CREATE INDEX work_claims_leased_until ON work_claims (leased_until);
