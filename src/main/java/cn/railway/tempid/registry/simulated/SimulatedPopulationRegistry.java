package cn.railway.tempid.registry.simulated;

import cn.railway.tempid.registry.PopulationRegistry;
import cn.railway.tempid.registry.SimulatedPeople;
import cn.railway.tempid.shared.privacy.FieldCipher;
import cn.railway.tempid.shared.privacy.PersonKeys;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A table-backed stand-in for the population registry, deterministic by construction: a person is
 * known only if added (demo: {@code POST /api/v1/demo/registry/persons}, or registering a demo
 * user); anyone else is NOT_FOUND; a known ID number with another name is NAME_MISMATCH. Names
 * compare after Unicode NFKC normalisation and trimming. Stored like real data: person key plus
 * encrypted name.
 */
@Component
@ConditionalOnProperty(name = "tempid.registry.provider", havingValue = "simulated")
public class SimulatedPopulationRegistry implements PopulationRegistry, SimulatedPeople {
  private static final String NAME_CONTEXT = "sim_registry_person.name";
  private static final Set<String> KNOWN_FLAGS = Set.of("DECEASED", "REPORTED_FRAUD");

  private final JdbcClient jdbc;
  private final PersonKeys personKeys;
  private final FieldCipher cipher;
  private final Clock clock;

  SimulatedPopulationRegistry(
      JdbcClient jdbc, PersonKeys personKeys, FieldCipher cipher, Clock clock) {
    this.jdbc = jdbc;
    this.personKeys = personKeys;
    this.cipher = cipher;
    this.clock = clock;
  }

  @Override
  public Set<String> knownFlags() {
    return KNOWN_FLAGS;
  }

  @Override
  public Answer lookUp(String idNumber, String name) {
    return jdbc.sql("select name_enc, flags from sim_registry_person where person_key = ?")
        .param(personKeys.personKey(idNumber))
        .query(
            (rs, row) -> {
              String registered = cipher.decrypt(rs.getString("name_enc"), NAME_CONTEXT);
              Set<String> flags =
                  rs.getString("flags").isEmpty()
                      ? Set.of()
                      : Set.copyOf(Arrays.asList(rs.getString("flags").split(",")));
              Result result =
                  normalise(registered).equals(normalise(name))
                      ? Result.MATCH
                      : Result.NAME_MISMATCH;
              return new Answer(result, flags);
            })
        .optional()
        .orElse(new Answer(Result.NOT_FOUND, Set.of()));
  }

  /** Adds or replaces a person (normalised ID number) in the simulated registry. */
  public void put(String normalizedIdNumber, String name, Set<String> flags) {
    String personKey = personKeys.personKey(normalizedIdNumber);
    String flagList = new TreeSet<>(flags).stream().collect(Collectors.joining(","));
    jdbc.sql("delete from sim_registry_person where person_key = ?").param(personKey).update();
    jdbc.sql(
            """
        insert into sim_registry_person (person_key, name_enc, flags, created_at)
        values (?, ?, ?, ?)""")
        .params(
            personKey,
            cipher.encrypt(name, NAME_CONTEXT),
            flagList,
            Timestamp.from(clock.instant()))
        .update();
  }

  private static String normalise(String name) {
    return Normalizer.normalize(name, Normalizer.Form.NFKC).strip();
  }
}
