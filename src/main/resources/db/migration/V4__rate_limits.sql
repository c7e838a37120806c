-- Abuse limits: fixed-window counters and temporary blocks, shared by every node through the
-- database (nothing in memory is needed for correctness). Subjects are stored only as keyed
-- hashes (a person key, a client address, a username): no personal data in these tables.

-- One fixed window of one limit for one subject: how many hits it has seen so far.
create table rate_limit_window (
  limit_name    varchar(40)  not null,
  subject_hash  varchar(64)  not null,
  window_start  bigint       not null,
  hits          integer      not null,
  expires_at    timestamp with time zone not null,
  primary key (limit_name, subject_hash, window_start)
);
create index ix_rate_limit_window_expires on rate_limit_window (expires_at);

-- A subject refused until blocked_until (e.g. a username locked after too many failed logins).
create table rate_limit_block (
  limit_name     varchar(40)  not null,
  subject_hash   varchar(64)  not null,
  blocked_until  timestamp with time zone not null,
  primary key (limit_name, subject_hash)
);
create index ix_rate_limit_block_until on rate_limit_block (blocked_until);
