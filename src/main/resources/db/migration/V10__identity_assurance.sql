-- Identity assurance (issue 7). For each face check: the provider's own comparison with the
-- authoritative ID photo, and what the identity-assurance table decided (PASS / RETRY / REFUSE and
-- its reason code). A session is PASSED only when the table said PASS.
alter table liveness_session add column authority_comparison varchar(16);
alter table liveness_session add column assurance varchar(8);
alter table liveness_session add column assurance_reason varchar(64);

alter table sim_liveness_session add column authority_comparison varchar(16);

-- Failed face checks are security events: ids and codes only (never scores, names or ID numbers).
-- The person key counts them per person, whether or not a certificate exists; enough of them in a
-- window lock that person's face checks (429 FACE_CHECKS_LOCKED). An operator may lift a lock
-- (lifted_at, lifted_by); the retention purge removes the person key after the retention period.
create table face_check_event (
  id                   varchar(36) primary key,
  liveness_session_id  varchar(64) not null,
  purpose              varchar(32) not null,
  application_id       varchar(36),
  certificate_id       varchar(36),
  person_key           varchar(64),
  outcome              varchar(8)  not null,
  reason_code          varchar(64) not null,
  occurred_at          timestamp with time zone not null,
  lifted_at            timestamp with time zone,
  lifted_by            varchar(64)
);
create index ix_face_check_event_person on face_check_event (person_key, occurred_at);
create index ix_face_check_event_time on face_check_event (occurred_at);
