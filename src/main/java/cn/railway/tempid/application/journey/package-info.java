/**
 * The steps of the BPMN process {@code temporary-id-application}, one method each ({@link
 * cn.railway.tempid.application.journey.ApplicationLifecycle}), the port through which the feature
 * starts and signals its process ({@link cn.railway.tempid.application.journey.ApplicationProcess},
 * implemented in {@code process}), and a passenger's request for another liveness attempt. Used by
 * {@code process}, submission and the controllers in {@code web}.
 */
package cn.railway.tempid.application.journey;
