/**
 * Submitting an application: the command, the {@code Idempotency-Key}, the consent records, the
 * person's lock, a child's guardian, refusals before processing, and the start of the journey (its
 * pre-checks run in the submitting transaction). Used by the controllers in {@code web}.
 */
package cn.railway.tempid.application.submission;
