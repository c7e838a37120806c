-- The recorded inputs by decision key and time (PostgreSQL's index is partial: inputs is not null).
create index ix_decision_record_inputs on decision_record (decision_key, decided_at);
