package cn.railway.tempid.liveness.tencent;

import cn.railway.tempid.shared.resilience.ResilienceSettings;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tempid.liveness.tencent.*}: Tencent Cloud FaceID (慧眼人脸核身). The credentials and the rule id
 * have no default: set {@code TEMPID_LIVENESS_TENCENT_SECRET_ID}, {@code
 * TEMPID_LIVENESS_TENCENT_SECRET_KEY} and {@code TEMPID_LIVENESS_TENCENT_RULE_ID} in the
 * environment. See docs/providers.md.
 *
 * @param secretId API key id (SecretId)
 * @param secretKey API key secret (SecretKey)
 * @param ruleId the business flow configured in the FaceID console (RuleId)
 * @param endpoint host[:port] of the API; the vendor's by default
 * @param protocol {@code https} (default) or {@code http} (a local stub only)
 * @param region the API region; FaceID needs none
 * @param redirectUrl where the vendor's H5 page returns the passenger to; none for the app SDK
 * @param connectTimeout whole seconds (the SDK's unit), at least 1
 * @param readTimeout whole seconds (the SDK's unit), at least 1
 */
@Validated
@ConfigurationProperties("tempid.liveness.tencent")
public record TencentFaceIdSettings(
    @NotBlank String secretId,
    @NotBlank String secretKey,
    @NotBlank String ruleId,
    String endpoint,
    @Pattern(regexp = "https?") String protocol,
    String region,
    String redirectUrl,
    Duration connectTimeout,
    Duration readTimeout,
    @NestedConfigurationProperty ResilienceSettings resilience) {

  public TencentFaceIdSettings {
    endpoint = endpoint == null || endpoint.isBlank() ? "faceid.tencentcloudapi.com" : endpoint;
    protocol = protocol == null || protocol.isBlank() ? "https" : protocol;
    region = region == null ? "" : region;
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(3) : readTimeout;
    resilience = resilience == null ? ResilienceSettings.defaults() : resilience;
  }

  @Override
  public String toString() {
    return "TencentFaceIdSettings[endpoint=" + endpoint + ", ruleId=" + ruleId + ", secrets=****]";
  }
}
