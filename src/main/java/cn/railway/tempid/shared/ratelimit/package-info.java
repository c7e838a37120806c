/**
 * Rate limits per caller (a hash of the caller, never the caller) in shared tables, so they hold
 * across nodes; expired windows and blocks are deleted by the limiter.
 */
package cn.railway.tempid.shared.ratelimit;
