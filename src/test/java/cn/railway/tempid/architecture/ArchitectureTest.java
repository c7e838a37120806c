package cn.railway.tempid.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shape of the house (ADR 0001, ADR 0007): each top-level package is a feature (or the shared
 * kernel {@code shared}); its subpackages are its internals, which no other feature reaches. The
 * engine stays at the edge: only the process glue of each feature ({@code process} packages), the
 * {@code engine} package, the rules adapter ({@code rules.camunda}) and the main class may use
 * Camunda, and only the process glue (and the engine's own Tasklist setup) uses {@code
 * RuntimeService} or {@code TaskService}. No exemption goes by a class's name. Features do not
 * depend on each other in cycles, and every package says what it is in its {@code package-info}.
 * Each feature has exactly the parts declared here, free of cycles, and its {@code internal} part
 * is reached only from inside it (ADR 0008, ADR 0011).
 */
class ArchitectureTest {
  static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("cn.railway.tempid");

  static final String ROOT = "cn.railway.tempid";

  @Test
  void domainCodeDoesNotUseTheProcessEngine() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "..process..", ROOT + ".engine..", ROOT + ".rules.camunda..", ROOT /* main class */)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.camunda..")
        .because("business rules live in the features; the engine is an adapter (ADR 0001)")
        .check(MAIN);
  }

  @Test
  void onlyTheProcessGlueStartsCorrelatesOrCompletesWork() {
    noClasses()
        .that()
        .resideOutsideOfPackages("..process..", ROOT + ".engine..")
        .should()
        .dependOnClassesThat()
        .areAssignableTo(RuntimeService.class)
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(TaskService.class)
        .because("each feature's process package is its one process client")
        .check(MAIN);
  }

  /** The feature of a class: the first package below the root (null for the main class). */
  static String featureOf(JavaClass c) {
    String pkg = c.getPackageName();
    if (!pkg.startsWith(ROOT + ".")) {
      return null;
    }
    String rest = pkg.substring(ROOT.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  static final DescribedPredicate<JavaClass> IN_A_FEATURES_SUBPACKAGE =
      DescribedPredicate.describe(
          "reside in a subpackage of a feature",
          c -> {
            String feature = featureOf(c);
            return feature != null
                && !feature.equals("shared")
                && c.getPackageName().length() > (ROOT + "." + feature).length();
          });

  static final ArchCondition<JavaClass> ONLY_USED_BY_ITS_OWN_FEATURE =
      new ArchCondition<>("only be used by classes of their own feature") {
        @Override
        public void check(JavaClass internal, ConditionEvents events) {
          for (Dependency d : internal.getDirectDependenciesToSelf()) {
            JavaClass user = d.getOriginClass();
            String feature = featureOf(user);
            if (feature != null && !feature.equals(featureOf(internal))) {
              events.add(SimpleConditionEvent.violated(d, d.getDescription()));
            }
          }
        }
      };

  @Test
  void aFeaturesSubpackagesAreItsInternals() {
    classes()
        .that(IN_A_FEATURES_SUBPACKAGE)
        .should(ONLY_USED_BY_ITS_OWN_FEATURE)
        .because("process glue, adapters and internals are reached through the feature's ports")
        .check(MAIN);
  }

  @Test
  void everyPackageIsDocumentedInItsPackageInfo() throws IOException {
    Path sources = Path.of("src/main/java");
    assertThat(sources).isDirectory();
    List<String> packages =
        MAIN.stream().map(JavaClass::getPackageName).distinct().sorted().toList();
    assertThat(packages).hasSizeGreaterThan(20);
    for (String pkg : packages) {
      Path info = sources.resolve(pkg.replace('.', '/')).resolve("package-info.java");
      if (pkg.equals(ROOT)) {
        continue; // the main class alone
      }
      assertThat(info).as("package-info of %s", pkg).exists();
      try (Stream<String> lines = Files.lines(info)) {
        assertThat(lines.anyMatch(line -> line.strip().startsWith("/**")))
            .as("%s documents the package", info)
            .isTrue();
      }
    }
  }

  @Test
  void featuresHaveNoDependencyCycles() {
    slices().matching("cn.railway.tempid.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  // ---- every feature split by job (ADR 0008, ADR 0011) ----

  /**
   * The parts of each feature that has subpackages: {@code (top)} is the feature's package itself.
   * A feature not listed has no subpackages. Each module of {@code shared} ({@code shared.x})
   * counts as a feature of its own. Adding a part (or a subpackage to a feature) is a deliberate
   * edit of this map and of the ADR that describes the feature.
   */
  static final Map<String, Set<String>> PARTS =
      Map.of(
          "application",
          Set.of(
              "(top)",
              "guest",
              "identity",
              "internal",
              "journey",
              "process",
              "query",
              "submission",
              "web"),
          "certificate",
          Set.of("(top)", "internal", "issuing", "process", "revocation", "use", "web"),
          "frame",
          Set.of("(top)", "offline"),
          "liveness",
          Set.of("(top)", "aliyun", "simulated", "tencent"),
          "registry",
          Set.of("(top)", "http", "simulated"),
          "review",
          Set.of("(top)", "process", "web"),
          "rules",
          Set.of("(top)", "camunda"));

  /**
   * The module of a class for the part rules: its feature, or {@code shared.x} for a module of the
   * shared kernel (null for the main class).
   */
  static String moduleOf(JavaClass c) {
    String feature = featureOf(c);
    if (feature == null || !feature.equals("shared")) {
      return feature;
    }
    String rest = c.getPackageName().substring(ROOT.length() + 1);
    String[] names = rest.split("\\.");
    return names.length < 2 ? "shared" : "shared." + names[1];
  }

  /** A part of a class's module: its subpackage, {@code (top)} for the module's package itself. */
  static String partOf(JavaClass c) {
    String module = moduleOf(c);
    if (module == null) {
      return null;
    }
    String top = ROOT + "." + module;
    String pkg = c.getPackageName();
    if (pkg.equals(top)) {
      return "(top)";
    }
    String rest = pkg.substring(top.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /** The parts of one module, as slices (classes of other modules ignored). */
  static SliceAssignment partsOf(String module) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass c) {
        return module.equals(moduleOf(c))
            ? SliceIdentifier.of(partOf(c))
            : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "the parts of " + module;
      }
    };
  }

  static Set<String> modules() {
    Set<String> modules = new TreeSet<>();
    MAIN.stream().map(ArchitectureTest::moduleOf).filter(m -> m != null).forEach(modules::add);
    return modules;
  }

  @Test
  void everyFeatureHasExactlyItsDeclaredParts() {
    Map<String, Set<String>> found = new TreeMap<>();
    MAIN.stream()
        .filter(c -> moduleOf(c) != null)
        .forEach(c -> found.computeIfAbsent(moduleOf(c), m -> new TreeSet<>()).add(partOf(c)));
    Map<String, Set<String>> expected = new TreeMap<>();
    found.keySet().forEach(m -> expected.put(m, PARTS.getOrDefault(m, Set.of("(top)"))));
    assertThat(found).isEqualTo(expected);
    assertThat(found).containsKeys(PARTS.keySet().toArray(String[]::new));
  }

  @Test
  void thePartsOfEveryFeatureHaveNoCycles() {
    assertThat(modules()).hasSizeGreaterThan(10);
    for (String module : modules()) {
      slices()
          .assignedFrom(partsOf(module))
          .should()
          .beFreeOfCycles()
          .because("each part of a feature builds on the ones below it (ADR 0008, ADR 0011)")
          .allowEmptyShould(true)
          .check(MAIN);
    }
  }

  static final ArchCondition<JavaClass> ONLY_USED_INSIDE_ITS_MODULE =
      new ArchCondition<>("only be used by classes of their own feature") {
        @Override
        public void check(JavaClass internal, ConditionEvents events) {
          for (Dependency d : internal.getDirectDependenciesToSelf()) {
            if (!moduleOf(internal).equals(moduleOf(d.getOriginClass()))) {
              events.add(SimpleConditionEvent.violated(d, d.getDescription()));
            }
          }
        }
      };

  @Test
  void everyFeaturesInternalsAreReachedOnlyFromInsideIt() {
    classes()
        .that(
            DescribedPredicate.describe(
                "reside in the internal part of a feature", c -> "internal".equals(partOf(c))))
        .should(ONLY_USED_INSIDE_ITS_MODULE)
        .because("a feature's tables, records and locks belong to the feature")
        .allowEmptyShould(true)
        .check(MAIN);
  }

  /** The outermost class a (nested or anonymous) class belongs to. */
  static JavaClass outermost(JavaClass c) {
    JavaClass outer = c;
    while (outer.getEnclosingClass().isPresent()) {
      outer = outer.getEnclosingClass().get();
    }
    return outer;
  }

  /**
   * The classes of the same feature a class needs, its nested classes, lambdas and arrays counted
   * as the class itself.
   */
  static Set<String> needs(JavaClass top) {
    String module = moduleOf(top);
    Set<String> needs = new TreeSet<>();
    MAIN.stream()
        .filter(c -> outermost(c).equals(top))
        .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
        .map(d -> outermost(d.getTargetClass().getBaseComponentType()))
        .filter(t -> !t.equals(top) && module.equals(moduleOf(t)))
        .forEach(t -> needs.add(t.getName()));
    return needs;
  }

  static final ArchCondition<JavaClass> NOT_NEEDED_BY_WHAT_THEY_NEED =
      new ArchCondition<>("not be needed by a class they need (no two classes need each other)") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
          for (String other : needs(c)) {
            if (needs(MAIN.get(other)).contains(c.getName())) {
              events.add(
                  SimpleConditionEvent.violated(
                      c, c.getName() + " and " + other + " need each other"));
            }
          }
        }
      };

  /** The features split by job (ADR 0008, ADR 0011): no two of their classes need each other. */
  @Test
  void noTwoClassesOfAFeatureSplitByJobNeedEachOther() {
    classes()
        .that()
        .resideInAnyPackage(ROOT + ".application..", ROOT + ".certificate..")
        .and()
        .areTopLevelClasses()
        .should(NOT_NEEDED_BY_WHAT_THEY_NEED)
        .check(MAIN);
  }

  /** The web part of a feature maps requests; the transaction of a use belongs to its service. */
  @Test
  void theWebPartsOfFeaturesHoldNoTransactions() {
    noMethods()
        .that()
        .areDeclaredInClassesThat(
            DescribedPredicate.describe(
                "are in the web part of a feature", c -> "web".equals(partOf(c))))
        .should()
        .beAnnotatedWith(Transactional.class)
        .check(MAIN);
    noClasses()
        .that(
            DescribedPredicate.describe(
                "are in the web part of a feature", c -> "web".equals(partOf(c))))
        .should()
        .beAnnotatedWith(Transactional.class)
        .check(MAIN);
  }

  @Test
  void theFrameFormatLibraryStandsAlone() {
    noClasses()
        .that()
        .resideInAPackage("cn.railway.tempid.frame..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "org.camunda..",
            "cn.railway.tempid.certificate..",
            "cn.railway.tempid.qr..")
        .because("gate vendors read and reuse the offline verifier and the format")
        .check(MAIN);
  }
}
