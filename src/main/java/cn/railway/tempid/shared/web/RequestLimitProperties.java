package cn.railway.tempid.shared.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The limits of hostile input ({@link RequestLimits}), bound from {@code tempid.http.*} (defaults
 * in application.yml, documented in docs/configuration.md).
 *
 * @param maxHeaderSize request line and headers together larger than this: {@code 431} (8KB; keep
 *     it below Tomcat's {@code server.max-http-request-header-size})
 * @param maxBodySize an {@code /api/} request body larger than this: {@code 413} (256KB)
 */
@ConfigurationProperties(prefix = "tempid.http")
record RequestLimitProperties(DataSize maxHeaderSize, DataSize maxBodySize) {
  RequestLimitProperties {
    maxHeaderSize = maxHeaderSize == null ? DataSize.ofKilobytes(8) : maxHeaderSize;
    maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(256) : maxBodySize;
    if (maxHeaderSize.toBytes() < 1) {
      throw new IllegalStateException("tempid.http.max-header-size must be at least 1 byte");
    }
    if (maxBodySize.toBytes() < 1) {
      throw new IllegalStateException("tempid.http.max-body-size must be at least 1 byte");
    }
  }
}
