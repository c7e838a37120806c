/**
 * Camunda glue shared by all features: the engine follows the one clock, groups and permissions for
 * reviewers, operator login with Camunda users, engine health and job backlog.
 */
package cn.railway.tempid.engine;
