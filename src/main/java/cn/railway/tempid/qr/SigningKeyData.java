package cn.railway.tempid.qr;

import cn.railway.tempid.shared.privacy.PersonalDataEraser;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The QR feature stores signing keys only: encrypted key material, nothing about a person. */
@Component
class SigningKeyData implements PersonalDataEraser {
  @Override
  public Set<String> erases() {
    return Set.of();
  }

  @Override
  public Map<String, String> keeps() {
    return Map.of("signing_key", "encrypted signing key material, nothing about a person");
  }
}
