package cn.railway.tempid.review;

/**
 * A reviewer decided a manual review (published while the task completes, in its transaction: the
 * completion fails if recording it fails). The reviewer is the authenticated Camunda user of the
 * completion; {@code reasonCode} is null for APPROVE, {@code note} may be null.
 */
public record ReviewDecided(
    String applicationId, String reviewer, String decision, String reasonCode, String note) {}
