-- The recorded inputs still kept (the last 30 days) by decision key and time: the replay reads one
-- key's month in order, the retention job clears what is older. Partial: decision records are kept
-- for years, their inputs for a month, so the index stays a month small.
create index ix_decision_record_inputs on decision_record (decision_key, decided_at)
  where inputs is not null;
