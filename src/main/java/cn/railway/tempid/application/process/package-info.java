/**
 * Engine glue of the application feature: the only classes that start and correlate
 * temporary-id-application (RuntimeService) and its service-task delegates and end listeners.
 * Internal to the feature.
 */
package cn.railway.tempid.application.process;
