/** The HTTP adapter of the population registry port. Internal to the registry feature. */
package cn.railway.tempid.registry.http;
