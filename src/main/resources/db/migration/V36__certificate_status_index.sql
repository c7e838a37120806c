-- The certificate's index in the IETF Token Status List (GET /api/v1/status-list as
-- application/statuslist+jwt), allocated at issue from a sequence: unique across nodes, never
-- reused. Certificates issued before this change have none (their frames stay version 1).
create sequence certificate_status_index_seq start with 0 minvalue 0;
alter table certificate add column status_index bigint;
create unique index ux_certificate_status_index on certificate (status_index);
