/**
 * Face liveness (R6): the provider port (start session, fetch verdict; callbacks only trigger the
 * fetch), the providers' order with failover for new sessions, our record of each session (with the
 * provider that opened it), and the adapters in {@code simulated/}, {@code tencent/} and {@code
 * aliyun/}.
 */
package cn.railway.tempid.liveness;
