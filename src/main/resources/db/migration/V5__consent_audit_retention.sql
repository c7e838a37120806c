-- Consent records, the audit trail of personal-data access, and retention (personal data of a
-- finished case is purged after tempid.retention.personal-data; a non-personal stub stays).

-- Consent to identity, face (biometric) and location processing, one row per kind and
-- application, written in the submitting transaction. No personal data: ids, kinds, times and
-- the version of the privacy notice the passenger agreed to.
create table consent_record (
  application_id  varchar(36) not null references application (id),
  kind            varchar(16) not null,
  granted         boolean     not null,
  granted_at      timestamp with time zone not null,
  notice_version  varchar(32) not null,
  primary key (application_id, kind)
);

-- Who was shown which case's personal data. Subjects are application or certificate ids, actors
-- Camunda user ids, checkpoint key ids, passenger account ids or 'guest': never personal values.
create table personal_data_access (
  id            varchar(36) primary key,
  accessed_at   timestamp with time zone not null,
  actor_type    varchar(16) not null,
  actor_id      varchar(64) not null,
  subject_type  varchar(16) not null,
  subject_id    varchar(36) not null,
  shown         varchar(16) not null,
  purpose       varchar(32) not null
);
create index ix_personal_data_access_subject on personal_data_access (subject_id, accessed_at);

-- Retention: a purged case keeps its ids, status, codes and dates; personal columns become null.
alter table application add column purged_at timestamp with time zone;
alter table application alter column person_key drop not null;
alter table application alter column name_enc drop not null;
alter table application alter column id_number_enc drop not null;
create index ix_application_purge on application (purged_at, created_at);

alter table certificate add column purged_at timestamp with time zone;
alter table certificate alter column person_key drop not null;
alter table certificate alter column masked_name drop not null;
alter table certificate alter column masked_id_number drop not null;
alter table certificate alter column id_number_enc drop not null;

alter table liveness_session alter column person_key drop not null;
alter table quota_reservation alter column person_key drop not null;
