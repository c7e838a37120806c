package cn.railway.tempid.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.railway.tempid.eligibility.InvalidIdNumberException.Reason;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResidentIdNumberTest {

  private static final LocalDate TODAY = LocalDate.of(2025, 6, 15);
  private static final String EXAMPLE = "11010519491231002X";

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CHECK_CHARS = "10X98765432";

  /**
   * Appends the ISO 7064 MOD 11-2 check character, computed independently of the production code.
   */
  private static String withCheckChar(String first17) {
    assertThat(first17).hasSize(17).containsOnlyDigits();
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += Character.digit(first17.charAt(i), 10) * WEIGHTS[i];
    }
    return first17 + CHECK_CHARS.charAt(sum % 11);
  }

  private static String withWrongCheckChar(String first17) {
    char right = withCheckChar(first17).charAt(17);
    return first17 + (right == '0' ? '1' : '0');
  }

  private static InvalidIdNumberException rejected(String raw) {
    InvalidIdNumberException e =
        catchThrowableOfType(
            () -> ResidentIdNumber.parse(raw, TODAY), InvalidIdNumberException.class);
    assertThat(e).as("expected %s to be rejected", raw == null ? null : "the value").isNotNull();
    return e;
  }

  @Test
  void parsesTheStandardExample() {
    ResidentIdNumber id = ResidentIdNumber.parse(EXAMPLE, TODAY);

    assertThat(id.normalized()).isEqualTo(EXAMPLE);
    assertThat(id.regionCode()).isEqualTo("110105");
    assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
    assertThat(id.family()).isEqualTo(IdNumberFamily.RESIDENT);
  }

  @Test
  void helperAgreesWithTheStandardExample() {
    assertThat(withCheckChar(EXAMPLE.substring(0, 17))).isEqualTo(EXAMPLE);
  }

  @Test
  void normalisesLowerCaseX() {
    ResidentIdNumber lower = ResidentIdNumber.parse("11010519491231002x", TODAY);

    assertThat(lower.normalized()).isEqualTo(EXAMPLE);
    assertThat(lower).isEqualTo(ResidentIdNumber.parse(EXAMPLE, TODAY));
    assertThat(lower.hashCode()).isEqualTo(ResidentIdNumber.parse(EXAMPLE, TODAY).hashCode());
  }

  @Test
  void trimsWhitespaceAndFoldsFullWidthCharacters() {
    assertThat(ResidentIdNumber.parse("  " + EXAMPLE + "\t\n", TODAY).normalized())
        .isEqualTo(EXAMPLE);
    // full-width digits and Ｘ, surrounded by ideographic spaces
    assertThat(ResidentIdNumber.parse("\u3000１１０１０５１９４９１２３１００２Ｘ\u3000", TODAY).normalized())
        .isEqualTo(EXAMPLE);
    assertThat(ResidentIdNumber.parse("１１０１０５１９４９１２３１００２ｘ", TODAY).normalized()).isEqualTo(EXAMPLE);
  }

  @Test
  void acceptsAMinor() {
    String number = withCheckChar("44030420150612123");

    ResidentIdNumber id = ResidentIdNumber.parse(number, TODAY);

    assertThat(id.birthDate()).isEqualTo(LocalDate.of(2015, 6, 12));
    assertThat(id.regionCode()).isEqualTo("440304");
    assertThat(id.family()).isEqualTo(IdNumberFamily.RESIDENT);
  }

  @Test
  void acceptsADigitCheckCharacter() {
    String number = withCheckChar("32010219880808001");
    assertThat(number.charAt(17)).isBetween('0', '9');

    assertThat(ResidentIdNumber.parse(number, TODAY).normalized()).isEqualTo(number);
  }

  @Test
  void acceptsBirthDateOfTodayAndOfTheFirstDayOf1900() {
    assertThat(ResidentIdNumber.parse(withCheckChar("11010520250615001"), TODAY).birthDate())
        .isEqualTo(TODAY);
    assertThat(ResidentIdNumber.parse(withCheckChar("11010519000101001"), TODAY).birthDate())
        .isEqualTo(LocalDate.of(1900, 1, 1));
    assertThat(ResidentIdNumber.parse(withCheckChar("11010520160229001"), TODAY).birthDate())
        .isEqualTo(LocalDate.of(2016, 2, 29));
  }

  @Test
  void recognisesHongKongMacauTaiwanResidencePermits() {
    assertThat(ResidentIdNumber.parse(withCheckChar("81000019900101001"), TODAY).family())
        .isEqualTo(IdNumberFamily.HMT_RESIDENCE_PERMIT);
    assertThat(ResidentIdNumber.parse(withCheckChar("82000019900101001"), TODAY).family())
        .isEqualTo(IdNumberFamily.HMT_RESIDENCE_PERMIT);
    assertThat(ResidentIdNumber.parse(withCheckChar("83000019900101001"), TODAY).family())
        .isEqualTo(IdNumberFamily.HMT_RESIDENCE_PERMIT);
  }

  @Test
  void recognisesForeignPermanentResidenceCards() {
    ResidentIdNumber id = ResidentIdNumber.parse(withCheckChar("93115619850315001"), TODAY);

    assertThat(id.family()).isEqualTo(IdNumberFamily.FOREIGN_PERMANENT_RESIDENCE);
    assertThat(id.regionCode()).isEqualTo("931156");
  }

  @Test
  void rejectsWrongChecksum() {
    assertThat(rejected("110105194912310021").reason()).isEqualTo(Reason.CHECKSUM);
    assertThat(rejected(withWrongCheckChar("44030420150612123")).reason())
        .isEqualTo(Reason.CHECKSUM);
    // a single-digit typo in the body
    assertThat(rejected("11010519491231003X").reason()).isEqualTo(Reason.CHECKSUM);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "11010520150230001", // 30 February
        "11010520230229001", // 29 February in a common year
        "11010520151301001", // month 13
        "11010520150100001", // day 0
        "11010520250616001", // tomorrow
        "11010530000101001", // far future
        "11010518991231001" // before 1900
      })
  void rejectsImplausibleBirthDates(String first17) {
    assertThat(rejected(withCheckChar(first17)).reason()).isEqualTo(Reason.BIRTH_DATE);
  }

  @Test
  void rejectsWrongLength() {
    assertThat(rejected(EXAMPLE.substring(0, 17)).reason()).isEqualTo(Reason.LENGTH);
    assertThat(rejected(EXAMPLE + "1").reason()).isEqualTo(Reason.LENGTH);
    assertThat(rejected("110105491231002").reason()).isEqualTo(Reason.LENGTH);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "110105A9491231002X",
        "1101051949-231002X",
        "11010519491231002Y",
        "X10105194912310021",
        "11010 19491231002X"
      })
  void rejectsUnexpectedCharacters(String raw) {
    assertThat(rejected(raw).reason()).isEqualTo(Reason.CHARACTERS);
  }

  @Test
  void rejectsNonAsciiDigitsThatNfkcDoesNotFold() {
    // Arabic-Indic digit one in position 7
    assertThat(rejected("110105\u06619491231002X").reason()).isEqualTo(Reason.CHARACTERS);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "\t\n", "\u3000"})
  void rejectsBlank(String raw) {
    assertThat(rejected(raw).reason()).isEqualTo(Reason.BLANK);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "110105194912310021",
        "11010520150230001",
        "110105A9491231002X",
        "11010519491231002",
        "11010519491231002X1"
      })
  void messageNeverContainsTheNumber(String raw) {
    String input =
        raw.length() == 17 && !raw.equals("11010519491231002") ? withCheckChar(raw) : raw;

    InvalidIdNumberException e = rejected(input);

    assertThat(e.getMessage())
        .isNotBlank()
        .contains(e.reason().name())
        .doesNotContain(input)
        .doesNotContainPattern("\\d");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void toStringDoesNotRevealTheNumber() {
    ResidentIdNumber id = ResidentIdNumber.parse(EXAMPLE, TODAY);

    assertThat(id.toString()).isEqualTo("ResidentIdNumber[****]").doesNotContainPattern("\\d");
  }

  @Test
  void differentNumbersAreNotEqual() {
    assertThat(ResidentIdNumber.parse(EXAMPLE, TODAY))
        .isNotEqualTo(ResidentIdNumber.parse(withCheckChar("44030420150612123"), TODAY));
  }

  @Test
  void requiresToday() {
    assertThatThrownBy(() -> ResidentIdNumber.parse(EXAMPLE, null))
        .isInstanceOf(NullPointerException.class);
  }
}
