/**
 * Engine glue of the application feature: the only classes that start and correlate
 * temporary-id-application (RuntimeService), implementing {@code journey.ApplicationProcess}, and
 * its service-task delegates and end listeners, which call the steps in {@code journey}. Internal
 * to the feature.
 */
package cn.railway.tempid.application.process;
