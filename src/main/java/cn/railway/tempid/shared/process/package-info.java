/**
 * The names of the two BPMN processes in {@code processes/}: one constants class per process, used
 * by every class that starts, correlates, queries or completes work in them.
 */
package cn.railway.tempid.shared.process;
