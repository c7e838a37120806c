-- Guardian consent for applicants under 14 (PIPL art. 31; issue 10). One row per application whose
-- applicant needs a guardian: the guardian's name and ID number only as AES-GCM ciphertext, the
-- guardian's person key (keyed HMAC, for the guardian's own face check), whether the guardian
-- consented, when, and the privacy notice version. Kept only when the eligibility table says a
-- guardian is required; the personal columns are purged with the case by the retention job.
create table guardian_consent (
  application_id  varchar(36) primary key references application (id),
  id_type         varchar(40) not null,
  name_enc        varchar(1024),
  id_number_enc   varchar(1024),
  person_key      varchar(64),
  consent_given   boolean     not null,
  consented_at    timestamp with time zone not null,
  notice_version  varchar(32) not null,
  purged_at       timestamp with time zone
);
