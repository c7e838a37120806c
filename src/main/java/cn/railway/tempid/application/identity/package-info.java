/**
 * Who an application is for: a guest's or guardian's identity validated (GB 11643 check digit) and
 * normalised with its person key, or a logged-in passenger's identity from their account (R2); a
 * {@code 400} with field errors otherwise. Used by submission and the guest lookup.
 */
package cn.railway.tempid.application.identity;
