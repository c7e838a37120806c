-- The indexes by time alone of the sightings and of the check log serve only the retention purges
-- ("where seen_at < ?", "where checked_at < ?"). As B-trees they also offered the planner a way to
-- answer "the earliest sighting of this frame" or "the nearest check of this certificate" by
-- walking every row in time order: with many sightings per frame in the statistics it took that
-- way, and a new frame's first sighting elsewhere, at the end of that order, read every older
-- sighting (60,000 rows, 7 ms, for each check in a batch; verifications fell from 1,900/s to 80/s
-- in the benchmark). Block-range (BRIN) indexes keep the purges cheap on these append-only tables
-- and give no order, so those reads keep to the indexes by frame and by certificate.
drop index ix_frame_sighting_seen;
create index ix_frame_sighting_seen on frame_sighting using brin (seen_at);
drop index ix_certificate_check_checked;
create index ix_certificate_check_checked on certificate_check using brin (checked_at);
