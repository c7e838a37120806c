package cn.railway.tempid.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.railway.tempid.support.EmbeddedPostgresServer;
import com.sun.security.auth.module.UnixSystem;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * CI and many developer containers run as root, where PostgreSQL refuses to start. The way used
 * when {@code unshare -U} is not allowed (running the binaries as {@code nobody}) is rarely the one
 * chosen on this project's machines, so it is started here on purpose.
 */
class EmbeddedPostgresAsRootTest {

  @Test
  void asRoot_theServerAlsoStartsAsTheUserNobody() throws Exception {
    assumeTrue(
        !System.getProperty("os.name").toLowerCase().contains("win")
            && new UnixSystem().getUid() == 0,
        "only root needs the unprivileged-user way");
    EmbeddedPostgresServer.Server server =
        EmbeddedPostgresServer.start(EmbeddedPostgresServer.UNPRIVILEGED_USER);
    try (Connection c =
            java.sql.DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                """
            select current_setting('server_version_num')::int,
                   (select usename from pg_user where usesysid = 10)""")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getInt(1)).isGreaterThanOrEqualTo(140000);
      assertThat(r.getString(2)).isEqualTo("postgres");
    } finally {
      server.stop();
    }
  }
}
