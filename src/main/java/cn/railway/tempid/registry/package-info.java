/**
 * The population registry port (identity lookup, flags) and its simulated, table-backed adapter.
 */
package cn.railway.tempid.registry;
