package cn.railway.tempid.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;

/**
 * Upgrading a database with sessions in flight (V160): the sessions opened before providers were
 * recorded get the first provider configured at the migration, so their verdicts are still fetched
 * from the vendor that opened them after a second provider joins the order.
 */
class LivenessProviderMigrationTest {

  @Test
  void sessionsOpenBeforeTheUpgrade_belongToTheProviderConfiguredThen() {
    DriverManagerDataSource database =
        new DriverManagerDataSource("jdbc:h2:mem:v160-upgrade;DB_CLOSE_DELAY=-1", "sa", "");
    JdbcClient jdbc = JdbcClient.create(database);
    migrate(database, "tencent,aliyun", "37");
    jdbc.sql(
            """
        insert into liveness_session (id, purpose, person_key, attempt, status, created_at,
          expires_at)
        values ('tc-open-before-upgrade', 'APPLICATION', 'p', 1, 'PENDING', current_timestamp,
          current_timestamp)""")
        .update();

    migrate(database, "tencent,aliyun", "latest");

    assertThat(
            jdbc.sql("select provider from liveness_session where id = 'tc-open-before-upgrade'")
                .query(String.class)
                .single())
        .isEqualTo("tencent");
  }

  private static void migrate(DriverManagerDataSource database, String order, String target) {
    FluentConfiguration configuration =
        Flyway.configure()
            .dataSource(database)
            .table("tempid_schema_history")
            .locations("classpath:db/migration", "classpath:db/vendor/h2")
            .target(target);
    new LivenessProviderMigration()
        .livenessProviderPlaceholder(
            new MockEnvironment().withProperty(LivenessProviderOrder.PROPERTY, order))
        .customize(configuration);
    configuration.load().migrate();
  }
}
