/**
 * The application journey (R1–R8, R15, R16), split by job (ADR 0008). This package holds only the
 * vocabulary every part shares ({@link cn.railway.tempid.application.ApplicationStatus}); the jobs
 * live in subpackages, all internal to the feature: {@code submission} (submit, idempotency,
 * consents, person lock, guardian), {@code identity} (normalising and validating the identity),
 * {@code guest} (applicant tokens, guest certificate lookup), {@code query} (what an owner sees,
 * ownership, and the case file and certificate holder other features read through their ports),
 * {@code journey} (the steps the BPMN process runs, a liveness retry), {@code process} (Camunda
 * glue), {@code web} (controllers) and {@code internal} (repository, records, person lock, outcome
 * metrics, retention). No other feature imports any of it: the feature serves its REST API and
 * implements other features' ports ({@code CaseFiles}, {@code CertificateHolders}, {@code
 * CallerResolver}, {@code PersonalDataEraser}, {@code RetentionCases}).
 */
package cn.railway.tempid.application;
