/**
 * The adapter of the rules port: evaluates the latest deployed DMN table with a DMN engine of its
 * own and records decisions made for applications. Internal to the rules feature.
 */
package cn.railway.tempid.rules.camunda;
