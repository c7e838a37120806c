package cn.railway.tempid.reliability;

import cn.railway.tempid.support.PostgresTestEnvironment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the database says about the journeys, read directly (ids and statuses only): the authority
 * for "lost" and "duplicated", whatever the clients saw.
 */
final class Ledger {
  static final String APPLICATION_PROCESS = "temporary-id-application";
  static final String CERTIFICATE_PROCESS = "temporary-id-certificate";

  private final Cluster cluster;

  Ledger(Cluster cluster) {
    this.cluster = cluster;
  }

  /** Duplicates of any kind; all zero when nothing was doubled. */
  record Duplicates(
      long applicationsPerPerson,
      long applicationProcessesPerApplication,
      long certificatesPerApplication,
      long certificateProcessesPerCertificate) {
    long total() {
      return applicationsPerPerson
          + applicationProcessesPerApplication
          + certificatesPerApplication
          + certificateProcessesPerCertificate;
    }

    @Override
    public String toString() {
      return "persons with 2+ applications "
          + applicationsPerPerson
          + ", applications with 2+ processes "
          + applicationProcessesPerApplication
          + ", applications with 2+ certificates "
          + certificatesPerApplication
          + ", certificates with 2+ processes "
          + certificateProcessesPerCertificate;
    }
  }

  Duplicates duplicates() {
    return new Duplicates(
        count(
            "select count(*) from (select person_key from application"
                + " group by person_key having count(*) > 1) d"),
        count(
            "select count(*) from (select business_key_ from act_hi_procinst"
                + " where proc_def_key_ = '"
                + APPLICATION_PROCESS
                + "' group by business_key_ having count(*) > 1) d"),
        count(
            "select count(*) from (select application_id from certificate"
                + " group by application_id having count(*) > 1) d"),
        count(
            "select count(*) from (select business_key_ from act_hi_procinst"
                + " where proc_def_key_ = '"
                + CERTIFICATE_PROCESS
                + "' group by business_key_ having count(*) > 1) d"));
  }

  /** Applications recorded for the person with this ID number (by their person key). */
  long applicationsOf(String idNumber) {
    try (Connection c = cluster.connect();
        PreparedStatement s =
            c.prepareStatement("select count(*) from application where person_key = ?")) {
      s.setString(1, personKey(idNumber));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("applications not counted", e);
    }
  }

  /**
   * The service's person key of an ID number ({@code PersonKeys}: HMAC-SHA256 of {@code "person:" +
   * number} under the test-only HMAC key the nodes run with).
   */
  static String personKey(String idNumber) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              java.util.Base64.getDecoder().decode(PostgresTestEnvironment.HMAC_KEY),
              "HmacSHA256"));
      return java.util.Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              mac.doFinal(
                  ("person:" + idNumber.toUpperCase(java.util.Locale.ROOT))
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Application id → status, for the given ids (ids missing from the database are absent). */
  Map<String, String> applicationStatuses(Collection<String> applicationIds) {
    Map<String, String> statuses = new HashMap<>();
    List<String> ids = List.copyOf(applicationIds);
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      String sql =
          "select id, status from application where id in ("
              + String.join(",", java.util.Collections.nCopies(chunk.size(), "?"))
              + ")";
      try (Connection c = cluster.connect();
          PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < chunk.size(); i++) {
          s.setString(i + 1, chunk.get(i));
        }
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            statuses.put(r.getString(1), r.getString(2));
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("application statuses not read", e);
      }
    }
    return statuses;
  }

  /** Job lock owner → business keys of the process instances whose jobs it holds right now. */
  Map<String, Set<String>> lockedJobs() {
    Map<String, Set<String>> byOwner = new HashMap<>();
    String sql =
        "select j.lock_owner_, e.business_key_ from act_ru_job j"
            + " join act_ru_execution e on e.id_ = j.process_instance_id_"
            + " where j.lock_owner_ is not null";
    try (Connection c = cluster.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        byOwner.computeIfAbsent(r.getString(1), o -> new HashSet<>()).add(r.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("job locks not read", e);
    }
    return byOwner;
  }

  /** Lock owners holding a job whose lock was taken after {@code sinceEpochMillis}. */
  Set<String> ownersLockingSince(long lockTimeMillis, long sinceEpochMillis) {
    Set<String> owners = new HashSet<>();
    String sql =
        "select distinct lock_owner_ from act_ru_job"
            + " where lock_owner_ is not null and lock_exp_time_ > ?";
    try (Connection c = cluster.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setTimestamp(1, new java.sql.Timestamp(sinceEpochMillis + lockTimeMillis));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          owners.add(r.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("job locks not read", e);
    }
    return owners;
  }

  /**
   * How often {@code activityId} completed in each certificate process of {@code certificateIds}:
   * firings → number of certificates (e.g. {@code {1=1000}} when every timer fired exactly once).
   */
  Map<Long, Long> completionsPerCertificate(String activityId, Collection<String> certificateIds) {
    Map<String, Long> perCertificate = new HashMap<>();
    certificateIds.forEach(id -> perCertificate.put(id, 0L));
    String sql =
        "select p.business_key_, count(a.id_) from act_hi_procinst p"
            + " join act_hi_actinst a on a.proc_inst_id_ = p.id_"
            + " where p.proc_def_key_ = '"
            + CERTIFICATE_PROCESS
            + "' and a.act_id_ = ? and a.end_time_ is not null group by p.business_key_";
    try (Connection c = cluster.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, activityId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          if (perCertificate.containsKey(r.getString(1))) {
            perCertificate.put(r.getString(1), r.getLong(2));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("timer history not read", e);
    }
    Map<Long, Long> histogram = new java.util.TreeMap<>();
    perCertificate.values().forEach(n -> histogram.merge(n, 1L, Long::sum));
    return histogram;
  }

  /** Jobs that failed (retries left or not): their count. */
  long failedJobs() {
    return count("select count(*) from act_ru_job where exception_msg_ is not null");
  }

  long incidents() {
    return count("select count(*) from act_ru_incident");
  }

  /** Jobs of {@code activityId} still waiting (a timer not fired yet), of one business key. */
  long pendingJobs(String activityId, String businessKey) {
    String sql =
        "select count(*) from act_ru_job j join act_ru_jobdef d on d.id_ = j.job_def_id_"
            + " join act_ru_execution e on e.id_ = j.process_instance_id_"
            + " where d.act_id_ = ? and e.business_key_ = ?";
    try (Connection c = cluster.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, activityId);
      s.setString(2, businessKey);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("jobs not read", e);
    }
  }

  private long count(String sql) {
    try (Connection c = cluster.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed", e);
    }
  }
}
