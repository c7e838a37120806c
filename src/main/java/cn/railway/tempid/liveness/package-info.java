/**
 * Face liveness (R6): the provider port (start session, fetch verdict; callbacks only trigger the
 * fetch), our record of each session, and the simulated provider in {@code simulated/}.
 */
package cn.railway.tempid.liveness;
