package cn.railway.tempid.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine stays at the edge (ADR 0001): only the process glue of each feature ({@code process}
 * packages), the {@code engine} package and classes named {@code Camunda*} may use Camunda, so a
 * move to a compatible fork touches those alone. Features do not depend on each other in cycles.
 */
class ArchitectureTest {
  static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("cn.railway.tempid");

  @Test
  void domainCodeDoesNotUseTheProcessEngine() {
    noClasses()
        .that()
        .resideOutsideOfPackages("..process..", "..engine..")
        .and()
        .haveSimpleNameNotStartingWith("Camunda")
        .and()
        .doNotHaveFullyQualifiedName("cn.railway.tempid.TemporaryIdApplication")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.camunda..")
        .because("business rules live in the features; the engine is an adapter (ADR 0001)")
        .check(MAIN);
  }

  @Test
  void featuresHaveNoDependencyCycles() {
    slices().matching("cn.railway.tempid.(*)..").should().beFreeOfCycles().check(MAIN);
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
