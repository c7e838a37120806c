package cn.railway.tempid.application.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Registers the application feature's settings ({@link ApplicationProperties}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApplicationProperties.class)
class ApplicationConfiguration {}
