/**
 * The adapter of the rules port: evaluates the latest deployed DMN table with a DMN engine of its
 * own and records decisions made for applications (with the matched rows and, for 30 days, the
 * inputs); the analysts' replay of a candidate table, the audit of deployments and the rollback
 * (ADR 0009). Internal to the rules feature.
 */
package cn.railway.tempid.rules.camunda;
