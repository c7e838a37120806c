package cn.railway.tempid.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole service on a real PostgreSQL ({@link EmbeddedPostgresServer}) behind a real HTTP port:
 * profiles {@code demo} (simulated providers, demo clock and endpoints) and {@code postgres}
 * (listed last so its datasource wins), secrets from {@link PostgresTestEnvironment}, and the
 * engine's job executor ON, as in production: async continuations and due timers run by themselves,
 * so tests poll with a timeout instead of running jobs.
 *
 * <p>Every class using it shares one Spring context and one database: use fresh identities ({@link
 * TestIdentities}), move the demo clock only forward, and add no {@code @MockBean}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "postgres"})
@ContextConfiguration(initializers = PostgresTestEnvironment.class)
public @interface PostgresTest {}
