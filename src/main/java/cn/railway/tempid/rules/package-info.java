/**
 * The {@link cn.railway.tempid.rules.DecisionRules} port to the DMN tables analysts own, and its
 * Camunda adapter (latest deployed version, no decision history: ADR 0002).
 */
package cn.railway.tempid.rules;
