package cn.railway.tempid.support;

import java.io.IOException;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * Keeps classes compiled from {@code src/test} out of the application's component scan, so a
 * context started by a test is the application as deployed (the MockMvc-based helpers of {@link
 * ApplicationTest}, for one, need beans that a real server does not have).
 * {@code @SpringBootApplication} consults every {@link TypeExcludeFilter} bean.
 */
public final class TestClassesExcluded extends TypeExcludeFilter {
  private static final String BEAN_NAME = "tempid.testClassesExcluded";

  /** Registers the filter before the context refreshes (call from an initializer). */
  public static void register(ConfigurableApplicationContext context) {
    if (!context.getBeanFactory().containsSingleton(BEAN_NAME)) {
      context.getBeanFactory().registerSingleton(BEAN_NAME, new TestClassesExcluded());
    }
  }

  @Override
  public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
    try {
      String location = reader.getResource().getURL().toString();
      return location.contains("/test-classes/");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TestClassesExcluded;
  }

  @Override
  public int hashCode() {
    return TestClassesExcluded.class.hashCode();
  }
}
