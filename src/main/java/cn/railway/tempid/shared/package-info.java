/**
 * Cross-cutting building blocks: problem details, the one clock, privacy (person key, field
 * encryption, masking), persistence helpers, rate limits, observability.
 */
package cn.railway.tempid.shared;
