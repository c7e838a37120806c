-- Impossible travel (the holder's check log): the earliest and the latest ACCEPTED check of each
-- certificate at each station, kept with every check written. A new check is compared with one row
-- per station instead of the database grouping every earlier check of the certificate on each
-- verification; that grouping was most of a verification's database time and grew with the number
-- of checks. Purged with the case, like the checks themselves. Filled here from the checks already
-- recorded. A check written by a node still on the previous version during a rolling upgrade is
-- not in it: later checks are not compared with that one (docs/operations.md, upgrades).
create table certificate_station_span (
  certificate_id  varchar(36) not null references certificate (id),
  station         varchar(16) not null,
  earliest        timestamp with time zone not null,
  latest          timestamp with time zone not null,
  primary key (certificate_id, station)
);

insert into certificate_station_span (certificate_id, station, earliest, latest)
select certificate_id, station, min(checked_at), max(checked_at)
from certificate_check
where result = 'ACCEPTED' and station is not null
group by certificate_id, station;
