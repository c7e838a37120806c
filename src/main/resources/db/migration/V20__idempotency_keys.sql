-- Idempotency-Key of POST /applications (API.md "Failures and retries"): a client's retry with
-- the same key and body within 24 hours answers as the first time did. Keyed hashes and ids only,
-- no personal data: the key (scoped to the caller) and the request body are stored as HMACs with
-- the service's HMAC key, the first answer as the application it made and its refusal code (null
-- when it was accepted). Rows are removed by the retention job once expired.
create table idempotency_key (
  key_hash        varchar(64) primary key,
  body_hash       varchar(64) not null,
  application_id  varchar(36) not null references application (id),
  refusal_code    varchar(64),
  created_at      timestamp with time zone not null,
  expires_at      timestamp with time zone not null
);
create index ix_idempotency_key_expires on idempotency_key (expires_at);
