package cn.railway.tempid.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.time.api.Dates;

/**
 * Properties of the ID-number parser (GB 11643, ISO 7064 MOD 11-2), checked on generated numbers
 * (jqwik): every well-formed number parses to itself, any single wrong digit or swapped pair of
 * neighbouring digits is refused, and no input whatsoever makes it fail in any other way than an
 * {@link InvalidIdNumberException}.
 */
class ResidentIdNumberProperties {
  private static final LocalDate TODAY = LocalDate.of(2026, 1, 15);

  @Provide
  Arbitrary<String> validNumbers() {
    Arbitrary<String> region = Arbitraries.strings().numeric().ofLength(6);
    Arbitrary<LocalDate> birth = Dates.dates().between(ResidentIdNumber.EARLIEST_BIRTH_DATE, TODAY);
    Arbitrary<String> sequence = Arbitraries.strings().numeric().ofLength(3);
    return Combinators.combine(region, birth, sequence)
        .as(
            (r, b, s) -> {
              String first17 =
                  r
                      + String.format(
                          "%04d%02d%02d", b.getYear(), b.getMonthValue(), b.getDayOfMonth())
                      + s;
              return first17 + ResidentIdNumber.checkChar(first17);
            });
  }

  @Property(tries = 500)
  void everyWellFormedNumber_parsesToItself_withItsBirthDate(
      @ForAll("validNumbers") String number) {
    ResidentIdNumber parsed = ResidentIdNumber.parse(number, TODAY);

    assertThat(parsed.normalized()).isEqualTo(number);
    assertThat(parsed.birthDate())
        .isEqualTo(
            LocalDate.of(
                Integer.parseInt(number.substring(6, 10)),
                Integer.parseInt(number.substring(10, 12)),
                Integer.parseInt(number.substring(12, 14))));
    assertThat(parsed.regionCode()).isEqualTo(number.substring(0, 6));
  }

  @Property(tries = 300)
  void howItIsTyped_doesNotMatter_spacesFullWidthDigitsLowerCaseX(
      @ForAll("validNumbers") String number) {
    StringBuilder fullWidth = new StringBuilder();
    for (char c : number.toCharArray()) {
      fullWidth.append(Character.isDigit(c) ? (char) (c - '0' + '０') : c);
    }
    String typed = "  " + fullWidth.toString().replace('X', 'x') + "\t";

    assertThat(ResidentIdNumber.parse(typed, TODAY).normalized()).isEqualTo(number);
  }

  @Property(tries = 500)
  void anySingleWrongCharacter_isRefused(
      @ForAll("validNumbers") String number,
      @ForAll @IntRange(min = 0, max = 17) int position,
      @ForAll @IntRange(min = 1, max = 10) int shift) {
    char[] chars = number.toCharArray();
    String alphabet = position == 17 ? "0123456789X" : "0123456789";
    int current = alphabet.indexOf(chars[position]);
    chars[position] = alphabet.charAt((current + shift) % alphabet.length());
    if (chars[position] == number.charAt(position)) {
      return; // shifted all the way round (only 10 digits before the check position)
    }
    String wrong = new String(chars);

    assertThatThrownBy(() -> ResidentIdNumber.parse(wrong, TODAY))
        .isInstanceOf(InvalidIdNumberException.class);
  }

  @Property(tries = 500)
  void swappingTwoDifferentNeighbouringDigits_isRefused(
      @ForAll("validNumbers") String number, @ForAll @IntRange(min = 0, max = 15) int position) {
    if (number.charAt(position) == number.charAt(position + 1)) {
      return;
    }
    char[] chars = number.toCharArray();
    chars[position] = number.charAt(position + 1);
    chars[position + 1] = number.charAt(position);
    String swapped = new String(chars);

    assertThatThrownBy(() -> ResidentIdNumber.parse(swapped, TODAY))
        .isInstanceOf(InvalidIdNumberException.class);
  }

  @Property(tries = 1000)
  void anyInputAtAll_eitherParsesOrIsAnInvalidIdNumber(@ForAll @StringLength(max = 40) String raw) {
    try {
      ResidentIdNumber parsed = ResidentIdNumber.parse(raw, TODAY);
      assertThat(parsed.normalized()).hasSize(18);
      assertThat(parsed.birthDate()).isBeforeOrEqualTo(TODAY);
    } catch (InvalidIdNumberException expected) {
      assertThat(expected.reason()).isNotNull();
      // one fixed message per reason: never the input
      assertThat(expected.getMessage())
          .isEqualTo(new InvalidIdNumberException(expected.reason()).getMessage());
    }
  }

  @Property(tries = 500)
  void eighteenDigitLikeInputs_eitherParseOrAreAnInvalidIdNumber(
      @ForAll("nearlyNumbers") String raw) {
    try {
      ResidentIdNumber.parse(raw, TODAY);
    } catch (InvalidIdNumberException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }

  @Provide
  Arbitrary<String> nearlyNumbers() {
    return Arbitraries.strings()
        .withChars("0123456789Xx０１９ \u0000-")
        .ofMinLength(16)
        .ofMaxLength(20);
  }
}
