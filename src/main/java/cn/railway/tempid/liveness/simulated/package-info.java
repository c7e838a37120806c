/**
 * The simulated liveness provider (scripted, deterministic); production refuses to run on it.
 * Internal to the liveness feature.
 */
package cn.railway.tempid.liveness.simulated;
