-- Which version of which DMN table decided what for an application: one row per evaluation made
-- for a case (pre-checks and approval; evaluations for display are not recorded). Codes and
-- versions only, never the inputs (scores, flags, city): no personal data, kept as evidence after
-- the retention purge, like consent records.
create table decision_record (
  id                 varchar(36) primary key,
  application_id     varchar(36) not null references application (id),
  decision_key       varchar(64) not null,
  decision_version   integer     not null,
  definition_id      varchar(64) not null,
  outcome            varchar(64) not null,
  decided_at         timestamp with time zone not null
);
create index ix_decision_record_application on decision_record (application_id, decided_at);
