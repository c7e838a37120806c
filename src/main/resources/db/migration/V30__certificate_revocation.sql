-- Revocation of a certificate (issue 10): by its holder ("I found my ID card", after a face check)
-- or by an operator (reviewer or administrator) with a reason code. One row per revoked
-- certificate, written in the revoking transaction: the audit of who revoked it and why. Actors
-- are ids only (Camunda user id, passenger account id or 'guest'); an operator's free-text note is
-- stored encrypted (it may name someone) and purged with the case.
create table certificate_revocation (
  certificate_id  varchar(36) primary key references certificate (id),
  revoked_at      timestamp with time zone not null,
  actor_type      varchar(16) not null,
  actor_id        varchar(64) not null,
  reason_code     varchar(64) not null,
  note_enc        varchar(4096)
);
