-- The holder's check log (issue 10): every online verification of one of their certificate's
-- frames (a frame with a valid signature, accepted or rejected), with when, the checkpoint type the
-- device acted as, its key's station or train code and the result. Codes and times only: no
-- device id, no key id, no personal data. Alerts on the certificate (IMPOSSIBLE_TRAVEL: two
-- accepted checks at stations too far apart for the time between them). Both are purged with the
-- case by the retention job.
create table certificate_check (
  id               varchar(36) primary key,
  certificate_id   varchar(36) not null references certificate (id),
  checked_at       timestamp with time zone not null,
  checkpoint_type  varchar(20) not null,
  station          varchar(16),
  result           varchar(16) not null,
  reason           varchar(32)
);
create index ix_certificate_check_certificate on certificate_check (certificate_id, checked_at);
create index ix_certificate_check_checked on certificate_check (checked_at);

create table certificate_alert (
  id              varchar(36) primary key,
  certificate_id  varchar(36) not null references certificate (id),
  code            varchar(32) not null,
  detected_at     timestamp with time zone not null
);
create index ix_certificate_alert_certificate on certificate_alert (certificate_id, detected_at);
