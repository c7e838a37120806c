-- When another checkpoint first saw a frame (online verification, each batch): read from the start
-- of this index instead of every sighting of the frame. A frame seen at many checkpoints (a shared
-- screenshot, or the benchmark's frames) made that read grow with each sighting.
create index ix_frame_sighting_frame_seen on frame_sighting (frame_hash, seen_at);
