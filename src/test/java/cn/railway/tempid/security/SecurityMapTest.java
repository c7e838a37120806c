package cn.railway.tempid.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.railway.tempid.support.ApplicationTest;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * {@code docs/security.md} maps every entry point to its control and the test that proves it: this
 * keeps the map true. Every route the service maps is listed there ({@code METHOD /path}), and
 * every test it names exists (a class under {@code src/test/java}, and the method where one is
 * named).
 */
@ApplicationTest
class SecurityMapTest {
  private static final Path MAP = Path.of("docs/security.md");

  /** {@code pkg/SomeTest} or {@code SomeTest}, optionally {@code .method}. */
  private static final Pattern TEST_REFERENCE =
      Pattern.compile(
          "\\b((?:[a-z]+/)*)([A-Z][A-Za-z0-9]*(?:Test|Tests|IT))(?:\\.([a-z][A-Za-z0-9_]*))?");

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping handlers;

  @Test
  void everyMappedRoute_isInTheSecurityMap() throws Exception {
    String map = Files.readString(MAP);
    Set<String> routes = new LinkedHashSet<>();
    for (var mapping : handlers.getHandlerMethods().keySet()) {
      for (String path : mapping.getPatternValues()) {
        if (!path.startsWith("/api/")) {
          continue; // pages and springdoc's own are listed as entry points of their own
        }
        for (var method : mapping.getMethodsCondition().getMethods()) {
          routes.add(method.name() + " " + path);
        }
      }
    }
    assertThat(routes).as("routes mapped").hasSizeGreaterThan(30);
    List<String> missing = routes.stream().filter(r -> !map.contains("`" + r + "`")).toList();
    assertThat(missing).as("routes missing from docs/security.md").isEmpty();
  }

  @Test
  void everyTestTheMapNames_exists() throws Exception {
    String map = Files.readString(MAP);
    Matcher m = TEST_REFERENCE.matcher(map);
    List<String> unknown = new ArrayList<>();
    int named = 0;
    while (m.find()) {
      named++;
      String className = m.group(2);
      List<Path> files;
      try (var walk = Files.walk(Path.of("src/test/java"))) {
        files =
            walk.filter(p -> p.getFileName().toString().equals(className + ".java"))
                .filter(p -> p.toString().replace('\\', '/').contains(m.group(1)))
                .toList();
      }
      if (files.isEmpty()) {
        unknown.add(m.group());
        continue;
      }
      if (m.group(3) != null && !hasMethod(files.get(0), m.group(3))) {
        unknown.add(m.group());
      }
    }
    assertThat(named).as("tests named").isGreaterThan(20);
    assertThat(unknown).as("tests named in docs/security.md that do not exist").isEmpty();
  }

  private static boolean hasMethod(Path source, String method) throws Exception {
    String relative = Path.of("src/test/java").relativize(source).toString();
    String className = relative.replace(".java", "").replace('/', '.').replace('\\', '.');
    Class<?> type = Class.forName(className);
    return Arrays.stream(type.getDeclaredMethods()).map(Method::getName).anyMatch(method::equals);
  }
}
