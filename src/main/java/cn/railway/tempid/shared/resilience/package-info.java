/**
 * Time limits, retries and circuit breakers around external providers (a failing dependency is a
 * 503 problem with Retry-After).
 */
package cn.railway.tempid.shared.resilience;
