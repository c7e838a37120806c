package cn.railway.tempid.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole service on the embedded default (H2, simulated providers, demo clock) with the job
 * executor off. Every test class using it shares one Spring context: use fresh identities ({@link
 * TestIdentities}) and only move the clock forward. A real server also listens on a random port
 * ({@code @LocalServerPort}): Camunda's REST API and web apps are Jersey/servlet endpoints that
 * MockMvc cannot reach; everything else is driven through MockMvc. Metrics are exported
 * (Prometheus) as in production, so tests can read {@code /actuator/prometheus}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@AutoConfigureObservability(tracing = false)
@ActiveProfiles({"demo", "test"})
public @interface ApplicationTest {}
