-- A submission refused before its identity or location is processed (no consent: CONSENT_REQUIRED;
-- a logged-in passenger naming someone else: IDENTITY_MISMATCH) is still recorded as a REJECTED
-- application, as every business refusal is, but with nothing about the person: no document type,
-- no number family, no location. These columns are therefore empty for such rows.
alter table application alter column id_type drop not null;
alter table application alter column id_number_family drop not null;
alter table application alter column location_status drop not null;
alter table application alter column location_mainland drop not null;
