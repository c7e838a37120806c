package cn.railway.tempid.registry.http;

import cn.railway.tempid.shared.resilience.ResilienceSettings;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tempid.registry.http.*}: the population registry reached through a gateway speaking the
 * JSON contract of docs/registry-http-contract.md. No defaults for where and how to sign: set
 * {@code TEMPID_REGISTRY_HTTP_BASE_URL}, {@code TEMPID_REGISTRY_HTTP_KEY_ID} and {@code
 * TEMPID_REGISTRY_HTTP_SECRET} in the environment.
 *
 * @param baseUrl e.g. {@code https://registry-gateway.example/api}; the adapter posts to {@code
 *     <baseUrl>/v1/identity-checks}
 * @param keyId names the shared secret at the gateway (sent, never secret)
 * @param secret the HMAC-SHA256 key, at least 32 characters (checked when the adapter is created,
 *     so a refusal never echoes the value)
 */
@Validated
@ConfigurationProperties("tempid.registry.http")
public record HttpRegistrySettings(
    @NotBlank @Pattern(regexp = "https?://\\S+") String baseUrl,
    @NotBlank String keyId,
    @NotBlank String secret,
    Duration connectTimeout,
    Duration readTimeout,
    @NestedConfigurationProperty ResilienceSettings resilience) {

  public HttpRegistrySettings {
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(3) : readTimeout;
    resilience = resilience == null ? ResilienceSettings.defaults() : resilience;
  }

  @Override
  public String toString() {
    return "HttpRegistrySettings[baseUrl=" + baseUrl + ", keyId=" + keyId + ", secret=****]";
  }
}
