/**
 * Load shedding (issue 22, docs/scaling.md "Peak load: shedding"): a servlet filter, ahead of
 * security and before any request body is read, admits only as many API requests as the node can
 * finish (an adaptive concurrency limit of Netflix's {@code concurrency-limits}, under a hard
 * ceiling sized from the connection pool so that HTTP requests can never take the connections the
 * job executor needs), gives the work that finishes journeys priority over polls and new
 * submissions, and answers the rest at once: {@code 429 RATE_LIMITED} for a poll, {@code 503
 * SERVICE_UNAVAILABLE} otherwise, both with {@code Retry-After}. A shed request never reaches a
 * controller: nothing is counted against the passenger.
 */
package cn.railway.tempid.shared.shedding;
