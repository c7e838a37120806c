-- Domain tables of the case processor. Camunda owns its ACT_* tables; Flyway owns these.
-- Personal data: name and ID number only as AES-GCM ciphertext (*_enc); lookups go through
-- person_key, a keyed HMAC of the normalised ID number. Location is kept at city level.

create table person_lock (
  person_key  varchar(64)  primary key,
  created_at  timestamp with time zone not null
);

create table passenger_account (
  id             varchar(36)  primary key,
  username       varchar(64)  not null unique,
  password_hash  varchar(100) not null,
  person_key     varchar(64)  not null unique,
  name_enc       varchar(1024) not null,
  id_number_enc  varchar(1024) not null,
  created_at     timestamp with time zone not null
);

create table access_token (
  token_hash  varchar(64) primary key,
  account_id  varchar(36) not null references passenger_account (id),
  issued_at   timestamp with time zone not null,
  expires_at  timestamp with time zone not null,
  revoked_at  timestamp with time zone
);
create index ix_access_token_account on access_token (account_id);

create table application (
  id                 varchar(36)  primary key,
  person_key         varchar(64)  not null,
  account_id         varchar(36),
  status             varchar(32)  not null,
  reason_code        varchar(64),
  id_type            varchar(40)  not null,
  id_number_family   varchar(40)  not null,
  name_enc           varchar(1024) not null,
  id_number_enc      varchar(1024) not null,
  location_status    varchar(32)  not null,
  province           varchar(64),
  city               varchar(64),
  location_mainland  boolean      not null,
  consent_identity   boolean      not null,
  consent_biometric  boolean      not null,
  consent_location   boolean      not null,
  liveness_attempts  integer      not null,
  registry_result    varchar(32),
  registry_flags     varchar(256),
  approval_decision  varchar(32),
  approval_reason    varchar(64),
  review_escalated   boolean      not null,
  reviewed_by        varchar(64),
  review_note_enc    varchar(4096),
  certificate_id     varchar(36),
  created_at         timestamp with time zone not null,
  updated_at         timestamp with time zone not null,
  decided_at         timestamp with time zone
);
create index ix_application_person_status on application (person_key, status);
create index ix_application_account_created on application (account_id, created_at);

-- Quota (R8): one row per application that passed the pre-checks. RESERVED and CONSUMED rows of
-- a natural month (Asia/Shanghai) count against the monthly limit; RELEASED rows do not.
create table quota_reservation (
  application_id  varchar(36) primary key references application (id),
  person_key      varchar(64) not null,
  quota_month     varchar(7)  not null,
  state           varchar(16) not null,
  reserved_at     timestamp with time zone not null,
  updated_at      timestamp with time zone not null
);
create index ix_quota_person_month on quota_reservation (person_key, quota_month, state);

create table applicant_token (
  token_hash      varchar(64) primary key,
  application_id  varchar(36) not null references application (id),
  issued_at       timestamp with time zone not null,
  expires_at      timestamp with time zone not null
);

create table liveness_session (
  id                varchar(64) primary key,
  purpose           varchar(32) not null,
  application_id    varchar(36),
  certificate_id    varchar(36),
  person_key        varchar(64) not null,
  attempt           integer     not null,
  status            varchar(16) not null,
  liveness_score    numeric(5, 4),
  face_match_score  numeric(5, 4),
  created_at        timestamp with time zone not null,
  expires_at        timestamp with time zone not null,
  completed_at      timestamp with time zone,
  used_at           timestamp with time zone
);
create index ix_liveness_session_application on liveness_session (application_id);

create table certificate (
  id                varchar(36) primary key,
  application_id    varchar(36) not null unique references application (id),
  person_key        varchar(64) not null,
  status            varchar(16) not null,
  masked_name       varchar(256) not null,
  masked_id_number  varchar(32) not null,
  id_number_enc     varchar(1024) not null,
  issued_at         timestamp with time zone not null,
  expires_at        timestamp with time zone not null,
  renewal_opens_at  timestamp with time zone not null,
  status_changed_at timestamp with time zone not null,
  superseded_by     varchar(36)
);
create index ix_certificate_person_status on certificate (person_key, status);

-- Simulated providers (demo and tests). A real deployment talks to the real services instead.
create table sim_registry_person (
  person_key  varchar(64)  primary key,
  name_enc    varchar(1024) not null,
  flags       varchar(256) not null,
  created_at  timestamp with time zone not null
);

create table sim_liveness_session (
  provider_session_id  varchar(64) primary key,
  status               varchar(16) not null,
  outcome              varchar(16),
  liveness_score       numeric(5, 4),
  face_match_score     numeric(5, 4),
  created_at           timestamp with time zone not null,
  completed_at         timestamp with time zone
);
