-- Replay and the rule that decided (docs/adr/0009-the-rule-that-decided.md).
-- decision_record gains the ids of the matched rows (kept as long as the record: ids only) and the
-- inputs the table was given (JSON: codes, scores, ages, flags, province and city codes; never a
-- name or an ID number), which the retention job sets to null after
-- tempid.retention.decision-inputs (30 days).
alter table decision_record add column rule_ids varchar(1000);
alter table decision_record add column inputs varchar(4000);

-- Every deployed version of a decision table: who deployed it, when, from where, and the hash of
-- its file (to find a replay of the same XML). Written by the post-deployer in the deployment's
-- transaction; start-up deployments have no authenticated user and say 'release'.
create table decision_deployment (
  id                 varchar(36) primary key,
  deployment_id      varchar(64) not null,
  decision_key       varchar(255) not null,
  decision_version   integer     not null,
  definition_id      varchar(64) not null,
  deployed_by        varchar(255) not null,
  deployed_at        timestamp with time zone not null,
  source             varchar(255),
  xml_sha256         varchar(64) not null
);
create index ix_decision_deployment_key on decision_deployment (decision_key, decision_version);

-- The last replay of a candidate file, by its hash: shown with the deployment of the same XML.
create table decision_replay (
  id                 varchar(36) primary key,
  decision_key       varchar(255) not null,
  xml_sha256         varchar(64) not null,
  replayed_by        varchar(255) not null,
  replayed_at        timestamp with time zone not null,
  summary            varchar(8000) not null
);
create index ix_decision_replay_hash on decision_replay (decision_key, xml_sha256, replayed_at);
