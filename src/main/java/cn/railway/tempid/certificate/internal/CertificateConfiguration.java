package cn.railway.tempid.certificate.internal;

import cn.railway.tempid.certificate.CertificateProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Registers the certificate feature's settings ({@link CertificateProperties}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CertificateProperties.class)
class CertificateConfiguration {}
