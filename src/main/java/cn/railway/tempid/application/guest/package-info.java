/**
 * Guest access (R16): applicant tokens (issued once, stored hashed) and the {@code
 * X-Applicant-Token} caller resolver, and a guest's certificate lookup by identity plus liveness
 * (R12). Used by submission (a token for a new guest application) and the controllers in {@code
 * web}.
 */
package cn.railway.tempid.application.guest;
