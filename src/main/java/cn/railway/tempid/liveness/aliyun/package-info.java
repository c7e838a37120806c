/**
 * The Alibaba Cloud ID Verification (金融级实人认证) adapter of the liveness provider port. Internal to
 * the liveness feature.
 */
package cn.railway.tempid.liveness.aliyun;
