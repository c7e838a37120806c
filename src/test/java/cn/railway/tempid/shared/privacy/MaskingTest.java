package cn.railway.tempid.shared.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

  @Test
  void masksAllButTheFirstCharacterOfAName() {
    assertThat(Masking.maskName("张三")).isEqualTo("张*");
    assertThat(Masking.maskName("欧阳娜娜")).isEqualTo("欧***");
    assertThat(Masking.maskName("王小明")).isEqualTo("王**");
  }

  @Test
  void masksTheMiddleDotOfTransliteratedNames() {
    assertThat(Masking.maskName("阿依古丽·买买提")).isEqualTo("阿*******");
  }

  @Test
  void countsSupplementaryCharactersAsOne() {
    assertThat(Masking.maskName("𠮷野家")).isEqualTo("𠮷**");
    assertThat(Masking.maskName("张𠮷")).isEqualTo("张*");
    assertThat(Masking.maskName("𠮷")).isEqualTo("𠮷");
  }

  @Test
  void nullOrBlankNameIsNull() {
    assertThat(Masking.maskName(null)).isNull();
    assertThat(Masking.maskName("")).isNull();
    assertThat(Masking.maskName("  ")).isNull();
  }

  @Test
  void ignoresSurroundingWhitespaceInNames() {
    assertThat(Masking.maskName(" 张三 ")).isEqualTo("张*");
  }

  @Test
  void keepsFirstAndLastFourOfAnIdNumber() {
    assertThat(Masking.maskIdNumber("11010519491231002X")).isEqualTo("1101**********002X");
    assertThat(Masking.maskIdNumber("123456789")).isEqualTo("1234*6789");
  }

  @Test
  void masksShortValuesCompletely() {
    assertThat(Masking.maskIdNumber("1234567")).isEqualTo("*******");
    assertThat(Masking.maskIdNumber("1")).isEqualTo("*");
    // keeping four at each end would reveal all eight
    assertThat(Masking.maskIdNumber("12345678")).isEqualTo("********");
  }

  @Test
  void nullOrBlankIdNumberIsNull() {
    assertThat(Masking.maskIdNumber(null)).isNull();
    assertThat(Masking.maskIdNumber(" ")).isNull();
  }
}
