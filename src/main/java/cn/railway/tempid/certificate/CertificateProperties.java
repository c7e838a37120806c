package cn.railway.tempid.certificate;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of the certificate feature, bound from {@code tempid.certificate.*} and {@code
 * tempid.checks.*} (defaults in application.yml and here, documented in docs/configuration.md).
 * Other keys under {@code tempid} belong to other features and are not read here.
 *
 * @param certificate a certificate's lifetimes ({@code tempid.certificate.*})
 * @param checks the impossible-travel rule of the holder's check log ({@code tempid.checks.*})
 */
@ConfigurationProperties(prefix = "tempid")
public record CertificateProperties(Lifetimes certificate, @DefaultValue Travel checks) {
  public CertificateProperties {
    if (certificate == null) {
      throw new IllegalStateException("tempid.certificate.* must be set");
    }
  }

  /**
   * @param validity how long a certificate is valid from its issue (R9)
   * @param renewalWindow how long before expiry the holder may apply for the next one (R17)
   * @param viewSessionTtl how long a QR view session lasts before a new face check (R11)
   * @param livenessFreshness how recent a passed face check must be to be used (view, revocation)
   */
  public record Lifetimes(
      Duration validity,
      Duration renewalWindow,
      Duration viewSessionTtl,
      Duration livenessFreshness) {
    public Lifetimes {
      atLeastOneSecond("tempid.certificate.validity", validity);
      atLeastOneSecond("tempid.certificate.renewal-window", renewalWindow);
      atLeastOneSecond("tempid.certificate.view-session-ttl", viewSessionTtl);
      atLeastOneSecond("tempid.certificate.liveness-freshness", livenessFreshness);
      if (renewalWindow.compareTo(validity) > 0) {
        throw new IllegalStateException(
            "tempid.certificate.renewal-window must not be longer than tempid.certificate.validity");
      }
    }
  }

  /**
   * @param maxSpeedKmh the fastest scheduled trains, km/h
   * @param distanceMarginKm kilometres always allowed between two checks (coordinate precision)
   */
  public record Travel(
      @DefaultValue("350") double maxSpeedKmh, @DefaultValue("50") double distanceMarginKm) {
    public Travel {
      if (!(maxSpeedKmh > 0) || Double.isInfinite(maxSpeedKmh)) {
        throw new IllegalStateException("tempid.checks.max-speed-kmh must be a positive number");
      }
      if (!(distanceMarginKm >= 0) || Double.isInfinite(distanceMarginKm)) {
        throw new IllegalStateException("tempid.checks.distance-margin-km must be 0 or more");
      }
    }
  }

  private static void atLeastOneSecond(String key, Duration value) {
    if (value == null || value.toSeconds() < 1) {
      throw new IllegalStateException(key + " must be at least 1 s");
    }
  }
}
