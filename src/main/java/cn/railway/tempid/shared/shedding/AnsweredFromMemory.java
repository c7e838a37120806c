package cn.railway.tempid.shared.shedding;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Polls a feature can answer from what it holds in memory, without the database: admitted without
 * taking a place ({@link LoadShedding}). Shedding such a poll would cost the node about as much as
 * answering it, and cost the app a whole {@code Retry-After}. The places count connections the job
 * executor must keep; a poll answered from memory needs none.
 *
 * <p>Only a hint, asked before authentication: it must not authorize anything, and the request is
 * authorized as any other afterwards. If what it saw changes before the request is answered, that
 * one request reads the database without a place.
 */
public interface AnsweredFromMemory {
  /** Whether this request (a poll) will be answered from memory if its caller is authorized. */
  boolean answers(HttpServletRequest request);
}
