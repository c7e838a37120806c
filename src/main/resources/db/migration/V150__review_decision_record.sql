-- The manual review's decision as the reviewer made it, whichever way the task was completed
-- (Tasklist, Camunda's REST API, POST /reviews/{taskId}); reviewed_by and review_note_enc (V1)
-- already hold the reviewer and the encrypted note. Read back by GET /reviews/{taskId}/decision.
alter table application add column review_decision varchar(16);
alter table application add column review_reason_code varchar(64);
alter table application add column reviewed_at timestamp with time zone;
