/**
 * The HTTP edge: strict JSON reading (no duplicate keys, no coercion of types, no characters the
 * database refuses), limits on headers and bodies, content types, and problem details for every
 * error, including those raised in servlet filters and by Tomcat itself. API.md "Failures and
 * retries"; docs/reliability.md.
 */
package cn.railway.tempid.shared.web;
