package cn.railway.tempid.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Classes a newcomer can read (docs/architecture.md): no main class over {@value #MAX_LINES} lines,
 * no bean that needs more than {@value #MAX_DEPENDENCIES} collaborators to be built, and a
 * feature's settings in one {@code @ConfigurationProperties} record bound and checked at start-up,
 * never scattered {@code @Value} injections.
 */
class ClassSizeTest {
  static final int MAX_LINES = 300;
  static final int MAX_DEPENDENCIES = 8;

  @Test
  void noMainClassIsLongerThan300Lines() throws IOException {
    Map<String, Long> tooLong = new TreeMap<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        long lines;
        try (Stream<String> l = Files.lines(f)) {
          lines = l.count();
        }
        if (lines > MAX_LINES) {
          tooLong.put(f.toString(), lines);
        }
      }
    }
    assertThat(tooLong).as("main classes over %d lines: split them by job", MAX_LINES).isEmpty();
  }

  static final List<Class<? extends java.lang.annotation.Annotation>> BEANS =
      List.of(
          Component.class,
          Service.class,
          Repository.class,
          Controller.class,
          RestController.class,
          RestControllerAdvice.class,
          Configuration.class);

  static boolean isBean(JavaClass c) {
    return BEANS.stream().anyMatch(a -> c.isAnnotatedWith(a) || c.isMetaAnnotatedWith(a));
  }

  static final ArchCondition<JavaClass> AT_MOST_EIGHT_DEPENDENCIES =
      new ArchCondition<>("be built from at most " + MAX_DEPENDENCIES + " collaborators") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
          if (!isBean(c)) {
            return;
          }
          for (JavaConstructor constructor : c.getConstructors()) {
            int n = constructor.getRawParameterTypes().size();
            if (n > MAX_DEPENDENCIES) {
              events.add(
                  SimpleConditionEvent.violated(
                      c, c.getName() + " has a constructor with " + n + " parameters"));
            }
          }
        }
      };

  @Test
  void noBeanNeedsMoreThanEightCollaborators() {
    classes()
        .should(AT_MOST_EIGHT_DEPENDENCIES)
        .because("a class that needs more does more than one job")
        .check(ArchitectureTest.MAIN);
  }

  @Test
  void settingsAreBoundIntoRecordsNotInjectedOneByOne() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .areAssignableTo(Value.class)
        .because(
            "a feature's settings are one @ConfigurationProperties record, checked at start-up"
                + " (docs/configuration.md)")
        .check(ArchitectureTest.MAIN);
  }

  @Test
  void eachPackageHasAtMostOneSettingsRecordAndEachIsARecord() {
    Map<String, List<String>> byPackage =
        ArchitectureTest.MAIN.stream()
            .filter(c -> c.isAnnotatedWith(ConfigurationProperties.class))
            .collect(
                Collectors.groupingBy(
                    JavaClass::getPackageName,
                    TreeMap::new,
                    Collectors.mapping(JavaClass::getSimpleName, Collectors.toList())));
    assertThat(byPackage).isNotEmpty();
    byPackage.forEach(
        (pkg, records) -> assertThat(records).as("settings records of %s", pkg).hasSize(1));
    ArchitectureTest.MAIN.stream()
        .filter(c -> c.isAnnotatedWith(ConfigurationProperties.class))
        .forEach(
            c ->
                assertThat(c.isRecord())
                    .as("%s is a record (immutable, checked once)", c.getName())
                    .isTrue());
  }
}
