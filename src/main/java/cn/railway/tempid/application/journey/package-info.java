/**
 * The steps of the BPMN process {@code temporary-id-application}, one method each, grouped by job:
 * the pre-checks behind the port {@link cn.railway.tempid.application.journey.PreChecks} (service
 * area, eligibility, quota), {@link cn.railway.tempid.application.journey.LivenessAttempts}, {@link
 * cn.railway.tempid.application.journey.GuardianChecks}, {@link
 * cn.railway.tempid.application.journey.ApprovalSteps} and the ends in {@link
 * cn.railway.tempid.application.journey.ApplicationLifecycle}; the port through which the feature
 * starts and signals its process ({@link cn.railway.tempid.application.journey.ApplicationProcess},
 * implemented in {@code process}), and a passenger's request for another liveness attempt. Used by
 * {@code process}, submission and the controllers in {@code web}.
 */
package cn.railway.tempid.application.journey;
