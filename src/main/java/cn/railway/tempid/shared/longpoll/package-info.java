/**
 * Long polling ({@code Prefer: wait=N}, RFC 7240) for resources whose state changes in the
 * background: a writer signals a change of a key inside its transaction ({@link ChangeSignals}), a
 * waiting request ({@link LongPoll}) is answered as soon as the change is committed, or after N
 * seconds (capped), on a servlet async request so that no thread is held while it waits. On
 * PostgreSQL the signal is a {@code NOTIFY} delivered at commit to every node's {@code LISTEN}
 * connection; on the embedded H2 it is delivered in-process after commit. docs/long-poll.md.
 */
package cn.railway.tempid.shared.longpoll;
