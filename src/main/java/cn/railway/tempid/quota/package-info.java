/**
 * The monthly quota (R8, R17): the {@code quota} DMN table and the reservation ledger (reserved on
 * the pre-checks, consumed on issue, released when an application ends without one).
 */
package cn.railway.tempid.quota;
