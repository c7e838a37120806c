/**
 * What is read about an application: the owner's view (masked identity, liveness, quota), one
 * application (also re-read by a {@code Prefer: wait} long poll) and the history, ownership (404
 * for anyone else), and the reviewer's case file and the certificate holder, which other features
 * read through their own ports. Used by submission, journey and the controllers in {@code web}.
 */
package cn.railway.tempid.application.query;
