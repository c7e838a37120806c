/**
 * The application journey (R1–R8, R15, R16): submitting (consent, identity, person lock, one
 * application in flight), the steps of the BPMN process {@code temporary-id-application} ({@link
 * cn.railway.tempid.application.ApplicationLifecycle}), what the owner sees, guest applicant tokens
 * and the guest certificate lookup. Engine glue lives in {@code process/}.
 */
package cn.railway.tempid.application;
