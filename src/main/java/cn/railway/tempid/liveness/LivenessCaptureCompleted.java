package cn.railway.tempid.liveness;

/** The provider says a capture finished; the owner of the session fetches the verdict. */
public record LivenessCaptureCompleted(
    String sessionId, LivenessSession.Purpose purpose, String applicationId) {}
