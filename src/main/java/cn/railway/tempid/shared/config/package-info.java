/**
 * Start-up checks of the configuration: production refuses to run on simulated providers or missing
 * settings.
 */
package cn.railway.tempid.shared.config;
