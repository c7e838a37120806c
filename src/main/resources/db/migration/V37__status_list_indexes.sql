-- The status list token is built from the certificates still within their validity (by expiry)
-- and the revoked ones (by status); both stay small however long the table grows.
create index ix_certificate_expires_at on certificate (expires_at);
create index ix_certificate_status_index_by_status on certificate (status, status_index);
