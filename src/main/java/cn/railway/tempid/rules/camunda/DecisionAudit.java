package cn.railway.tempid.rules.camunda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit trail of decision tables and their rollback. Every deployed version has a {@code
 * decision_deployment} row ({@link DecisionDeployments}); a deployment of the very XML an analyst
 * replayed (same SHA-256) shows that replay's summary. A rollback deploys an earlier version's file
 * again, as a new version, under the caller's Camunda identity: the rule gate and the audit see who
 * did it, exactly as for a deployment from Modeler.
 */
@Component
class DecisionAudit {
  private final JdbcClient jdbc;
  private final RepositoryService repository;
  private final IdentityService identity;
  private final ObjectMapper json;

  DecisionAudit(
      JdbcClient jdbc, RepositoryService repository, IdentityService identity, ObjectMapper json) {
    this.jdbc = jdbc;
    this.repository = repository;
    this.identity = identity;
    this.json = json;
  }

  /** One deployed version of a decision table. */
  record DeployedVersion(
      String decisionKey,
      int version,
      String deployedBy,
      Instant deployedAt,
      String source,
      JsonNode replay) {}

  /** The answer of a rollback: the new version. */
  record RolledBack(String decisionKey, int version) {}

  /** Every deployed version, newest first. */
  List<DeployedVersion> deployments() {
    return jdbc.sql(
            """
        select d.decision_key, d.decision_version, d.deployed_by, d.deployed_at, d.source,
          (select r.summary from decision_replay r
           where r.decision_key = d.decision_key and r.xml_sha256 = d.xml_sha256
           order by r.replayed_at desc, r.id fetch first 1 rows only) as replay
        from decision_deployment d
        order by d.deployed_at desc, d.decision_key, d.decision_version desc""")
        .query(
            (rs, row) ->
                new DeployedVersion(
                    rs.getString("decision_key"),
                    rs.getInt("decision_version"),
                    rs.getString("deployed_by"),
                    rs.getTimestamp("deployed_at").toInstant(),
                    rs.getString("source"),
                    readJson(rs.getString("replay"))))
        .list();
  }

  private JsonNode readJson(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * Deploys version {@code toVersion} of {@code decisionKey} again (with the test rows deployed
   * with it), as {@code user} of {@code groups}. Empty when there is no such version; {@link
   * DecisionReplay.GateFailed} when the old file no longer passes the gate.
   */
  Optional<RolledBack> rollback(
      String decisionKey, int toVersion, String user, Set<String> groups) {
    DecisionDefinition old =
        repository
            .createDecisionDefinitionQuery()
            .decisionDefinitionKey(decisionKey)
            .decisionDefinitionVersion(toVersion)
            .withoutTenantId()
            .singleResult();
    if (old == null) {
      return Optional.empty();
    }
    byte[] xml = resource(old.getDeploymentId(), old.getResourceName());
    List<String> problems = DeploymentGate.problems(old.getResourceName(), xml);
    if (!problems.isEmpty()) {
      throw new DecisionReplay.GateFailed(problems);
    }
    DeploymentBuilder deployment =
        repository
            .createDeployment()
            .name(decisionKey + ": rollback to version " + toVersion)
            .source("rollback to version " + toVersion)
            .addInputStream(old.getResourceName(), new java.io.ByteArrayInputStream(xml));
    for (String name : repository.getDeploymentResourceNames(old.getDeploymentId())) {
      if (name.endsWith(".cases.csv")) {
        deployment.addInputStream(
            name, new java.io.ByteArrayInputStream(resource(old.getDeploymentId(), name)));
      }
    }
    Deployment deployed;
    identity.setAuthentication(user, List.copyOf(groups));
    try {
      deployed = deployment.deploy();
    } catch (BadUserRequestException refused) {
      // the gate inside the engine (it may check more than the check above)
      throw new DecisionReplay.GateFailed(
          Arrays.stream(refused.getMessage().split("\n"))
              .map(line -> line.replaceFirst("^- ", "").strip())
              .filter(line -> !line.isEmpty())
              .toList());
    } finally {
      identity.clearAuthentication();
    }
    DecisionDefinition created =
        repository
            .createDecisionDefinitionQuery()
            .deploymentId(deployed.getId())
            .decisionDefinitionKey(decisionKey)
            .singleResult();
    return Optional.of(new RolledBack(decisionKey, created.getVersion()));
  }

  private byte[] resource(String deploymentId, String name) {
    try (InputStream in = repository.getResourceAsStream(deploymentId, name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
