/**
 * Who may call what: callers (passenger, guest, checkpoint, operator) resolved from their
 * credential headers, and the access rules of the API.
 */
package cn.railway.tempid.security;
