/**
 * Retention: personal data of finished cases is purged after the retention period by a clustered
 * Quartz job; non-personal stubs stay for statistics.
 */
package cn.railway.tempid.retention;
