package cn.railway.tempid.review;

/** A reviewer decided a manual review (published before the task completes, same transaction). */
public record ReviewDecided(String applicationId, String reviewer, String decision, String note) {}
