/**
 * The Tencent Cloud face-verification adapter of the liveness provider port. Internal to the
 * liveness feature.
 */
package cn.railway.tempid.liveness.tencent;
