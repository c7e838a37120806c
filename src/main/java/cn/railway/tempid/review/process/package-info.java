/**
 * Engine glue of the review feature: the manual review user tasks of temporary-id-application
 * (TaskService). Internal to the feature.
 */
package cn.railway.tempid.review.process;
