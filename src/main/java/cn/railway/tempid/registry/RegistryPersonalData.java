package cn.railway.tempid.registry;

import cn.railway.tempid.shared.privacy.PersonalDataEraser;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The registry feature keeps no case data; its simulated adapter's people are test data. */
@Component
class RegistryPersonalData implements PersonalDataEraser {
  @Override
  public Set<String> erases() {
    return Set.of();
  }

  @Override
  public Map<String, String> keeps() {
    return Map.of(
        "sim_registry_person",
        "the simulated registry's own test people; the simulated adapter refuses to run in"
            + " production");
  }
}
