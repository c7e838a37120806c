package cn.railway.tempid.liveness.aliyun;

import cn.railway.tempid.shared.resilience.ResilienceSettings;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tempid.liveness.aliyun.*}: Alibaba Cloud ID Verification (金融级实人认证, API {@code cloudauth}
 * 2019-03-07). The credentials, the scene id and the meta info have no default: set {@code
 * TEMPID_LIVENESS_ALIYUN_ACCESS_KEY_ID}, {@code TEMPID_LIVENESS_ALIYUN_ACCESS_KEY_SECRET}, {@code
 * TEMPID_LIVENESS_ALIYUN_SCENE_ID} and {@code TEMPID_LIVENESS_ALIYUN_META_INFO} in the environment.
 * See docs/providers.md.
 *
 * @param accessKeyId AccessKey id of a RAM user with {@code AliyunAntCloudAuthFullAccess}
 * @param accessKeySecret its AccessKey secret
 * @param sceneId the authentication scene created in the ID Verification console (SceneId)
 * @param metaInfo the client environment descriptor {@code InitFaceVerify} requires (MetaInfo): the
 *     API carries none from the phone, so the one the vendor gives for this integration is
 *     configured
 * @param productCode the vendor's solution: {@code ID_PRO} (app SDK, compared with the
 *     authoritative ID photo) by default
 * @param model the liveness model ({@code LIVENESS} by default, {@code PHOTINUS_LIVENESS}, …)
 * @param endpoint host[:port] of the API; the vendor's by default
 * @param protocol {@code https} (default) or {@code http} (a local stub only)
 * @param connectTimeout milliseconds count (the SDK's unit)
 * @param readTimeout milliseconds count; the whole answer must arrive within it
 */
@Validated
@ConfigurationProperties("tempid.liveness.aliyun")
public record AliyunIdVerificationSettings(
    @NotBlank String accessKeyId,
    @NotBlank String accessKeySecret,
    @NotNull Long sceneId,
    @NotBlank String metaInfo,
    String productCode,
    String model,
    String endpoint,
    @Pattern(regexp = "https?") String protocol,
    Duration connectTimeout,
    Duration readTimeout,
    @NestedConfigurationProperty ResilienceSettings resilience) {

  public AliyunIdVerificationSettings {
    productCode = productCode == null || productCode.isBlank() ? "ID_PRO" : productCode;
    model = model == null || model.isBlank() ? "LIVENESS" : model;
    endpoint = endpoint == null || endpoint.isBlank() ? "cloudauth.aliyuncs.com" : endpoint;
    protocol = protocol == null || protocol.isBlank() ? "https" : protocol;
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(3) : readTimeout;
    resilience = resilience == null ? ResilienceSettings.defaults() : resilience;
  }

  @Override
  public String toString() {
    return "AliyunIdVerificationSettings[endpoint="
        + endpoint
        + ", sceneId="
        + sceneId
        + ", secrets=****]";
  }
}
