-- Using a certificate (R9–R13, R17–R19): view sessions, QR signing keys, checkpoints and the
-- frames they have seen. No personal data in any of these tables.

-- A QR page opened after a passed liveness check (R11/R12): valid 30 minutes, ends at logout.
create table view_session (
  id                   varchar(36) primary key,
  token_hash           varchar(64) not null unique,
  certificate_id       varchar(36) not null references certificate (id),
  account_id           varchar(36),
  liveness_session_id  varchar(64) not null unique,
  frame_ref            bigint      not null,
  created_at           timestamp with time zone not null,
  expires_at           timestamp with time zone not null,
  revoked_at           timestamp with time zone,
  revoke_reason        varchar(32)
);
create index ix_view_session_certificate on view_session (certificate_id);
create index ix_view_session_account on view_session (account_id);

-- Ed25519 keys that sign QR frames. The private key is stored encrypted. A key signs between
-- signs_from and signs_until and stays published until every frame it signed has expired.
create table signing_key (
  kid              varchar(16) primary key,
  public_key       varchar(64) not null,
  private_key_enc  varchar(1024) not null,
  created_at       timestamp with time zone not null,
  signs_from       timestamp with time zone not null,
  signs_until      timestamp with time zone,
  published_until  timestamp with time zone
);

-- Checkpoint systems (gates, ticket windows, real-name checks, on-train devices) and their keys.
create table checkpoint_key (
  id                 varchar(64) primary key,
  key_hash           varchar(64) not null unique,
  description        varchar(200) not null,
  real_name_allowed  boolean not null,
  created_at         timestamp with time zone not null,
  revoked_at         timestamp with time zone
);

-- Which checkpoint device saw which frame (to flag the same frame at a second checkpoint).
create table frame_sighting (
  frame_hash     varchar(64) not null,
  checkpoint_id  varchar(64) not null,
  certificate_id varchar(36) not null,
  seen_at        timestamp with time zone not null,
  primary key (frame_hash, checkpoint_id)
);
create index ix_frame_sighting_seen on frame_sighting (seen_at);

-- The lock row for creating or rotating signing keys on several nodes.
create table key_rotation_lock (
  name  varchar(32) primary key
);
insert into key_rotation_lock (name) values ('signing');
