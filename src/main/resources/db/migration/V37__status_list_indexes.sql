-- The status list token is built from the certificates still within their validity (by expiry)
-- and the revoked ones (by status); both stay small however long the table grows.
create index ix_certificate_expires_at on certificate (expires_at);
create index ix_certificate_status_index_by_status on certificate (status, status_index);
-- Whether anything was revoked or superseded since a node built its copy of the token: the
-- latest status change per status, read from the end of this index.
create index ix_certificate_status_changed on certificate (status, status_changed_at);
