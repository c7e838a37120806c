package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationStarts;
import cn.railway.tempid.support.EmbeddedPostgresServer;
import cn.railway.tempid.support.HttpApi;
import cn.railway.tempid.support.PostgresTest;
import cn.railway.tempid.support.PostgresTestEnvironment;
import cn.railway.tempid.support.TestIdentities;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One schema, two owners: Flyway keeps the domain tables (history in tempid_schema_history,
 * baselining a schema that already holds the engine's tables) and Camunda its ACT_* tables. A
 * second start against the same database (another node, or a restart) must not trip over either.
 */
@PostgresTest
class PostgresSchemaTest {
  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  void flywayHistoryHasV1_andCamundaTablesExist() {
    assertThat(
            jdbc.sql(
                    """
        select count(*) from tempid_schema_history where version = '1' and success""")
                .query(Integer.class)
                .single())
        .isEqualTo(1);
    assertThat(tables())
        .contains(
            "tempid_schema_history",
            "application",
            "quota_reservation",
            "person_lock",
            "act_ge_property",
            "act_re_procdef",
            "act_ru_execution",
            "act_ru_job",
            "act_hi_procinst",
            "act_id_user");
    assertThat(
            jdbc.sql("select count(*) from act_re_procdef where key_ = 'temporary-id-application'")
                .query(Integer.class)
                .single())
        .isPositive();
  }

  @Test
  void secondStartOnTheSameDatabase_succeeds_andSeesTheEarlierData() {
    HttpApi first = new HttpApi(port);
    String idNumber = TestIdentities.randomIdNumber();
    first.inRegistry("孙八", idNumber);
    HttpApi.Answer submitted = first.submitAsGuest("孙八", idNumber);
    assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
    List<String> migrations = migrations();
    long definitions = jdbc.sql("select count(*) from act_re_procdef").query(Long.class).single();

    try (ConfigurableApplicationContext second =
        ApplicationStarts.run(
            new String[] {"demo", "postgres"},
            PostgresTestEnvironment.properties(
                EmbeddedPostgresServer.get().jdbcUrl(EmbeddedPostgresServer.DATABASE)))) {
      HttpApi api = new HttpApi(ApplicationStarts.port(second));
      HttpApi.Answer seen =
          api.application(submitted.text("applicationId"), submitted.text("applicantToken"));
      assertThat(seen.status()).as("%s", seen).isEqualTo(200);
      assertThat(seen.text("status")).isEqualTo("AWAITING_LIVENESS");
      assertThat(seen.text("maskedName")).isEqualTo("孙*");
    }

    assertThat(migrations()).as("nothing migrated or baselined again").isEqualTo(migrations);
    assertThat(jdbc.sql("select count(*) from act_re_procdef").query(Long.class).single())
        .as("unchanged processes are not deployed again")
        .isEqualTo(definitions);
  }

  private List<String> tables() {
    return jdbc.sql(
            """
        select lower(table_name) from information_schema.tables
        where table_schema = current_schema()""")
        .query(String.class)
        .list();
  }

  private List<String> migrations() {
    return jdbc.sql(
            """
        select installed_rank || ':' || coalesce(version, '') || ':' || type || ':' || success
        from tempid_schema_history order by installed_rank""")
        .query(String.class)
        .list();
  }
}
