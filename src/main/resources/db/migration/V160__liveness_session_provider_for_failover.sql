-- Which liveness provider opened each session (issue 23): with several providers in order, a
-- session's verdict is fetched from the one that opened it. Sessions opened before this release had
-- the one provider configured then (the placeholder: the first of tempid.liveness.provider).
alter table liveness_session add column provider varchar(32);
update liveness_session set provider = '${liveness_provider_before_failover}' where provider is null;
