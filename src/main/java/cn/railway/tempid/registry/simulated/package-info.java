/**
 * The simulated population registry (deterministic test people); production refuses to run on it.
 * Internal to the registry feature.
 */
package cn.railway.tempid.registry.simulated;
