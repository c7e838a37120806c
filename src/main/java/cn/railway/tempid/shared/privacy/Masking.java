package cn.railway.tempid.shared.privacy;

/**
 * Masks personal data for display and logs. Works on Unicode code points, so supplementary
 * characters (e.g. 𠮷) count as one character.
 */
public final class Masking {

  private static final String MASK = "*";
  private static final int ID_VISIBLE_PREFIX = 4;
  private static final int ID_VISIBLE_SUFFIX = 4;

  private Masking() {}

  /**
   * Keeps the first character of a name and replaces every other character (including separators
   * such as the middle dot in 阿依古丽·买买提) with {@code *}: 张三 → 张*, 欧阳娜娜 → 欧***.
   *
   * @return {@code null} for a {@code null} or blank name
   */
  public static String maskName(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String value = name.strip();
    int first = value.codePointAt(0);
    int rest = value.codePointCount(0, value.length()) - 1;
    return new StringBuilder().appendCodePoint(first).append(MASK.repeat(rest)).toString();
  }

  /**
   * Keeps the first four and last four characters of an ID number: 11010519491231002X →
   * 1101**********002X. Values of eight characters or fewer are masked completely, since keeping
   * four at each end would reveal all of them.
   *
   * @return {@code null} for a {@code null} or blank value
   */
  public static String maskIdNumber(String idNumber) {
    if (idNumber == null || idNumber.isBlank()) {
      return null;
    }
    String value = idNumber.strip();
    int length = value.codePointCount(0, value.length());
    if (length <= ID_VISIBLE_PREFIX + ID_VISIBLE_SUFFIX) {
      return MASK.repeat(length);
    }
    int prefixEnd = value.offsetByCodePoints(0, ID_VISIBLE_PREFIX);
    int suffixStart = value.offsetByCodePoints(value.length(), -ID_VISIBLE_SUFFIX);
    return value.substring(0, prefixEnd)
        + MASK.repeat(length - ID_VISIBLE_PREFIX - ID_VISIBLE_SUFFIX)
        + value.substring(suffixStart);
  }
}
