package cn.railway.tempid.shared;

/** What a person's name may contain where it is entered. */
public final class PersonName {
  /**
   * Letters of any script (including supplementary characters such as 𠮷), combining marks, spaces,
   * middle dots (阿依古丽·买买提), apostrophes, hyphens and periods.
   */
  public static final String PATTERN = "^[\\p{L}\\p{M}\\p{Zs}·・.'\\-]+$";

  private PersonName() {}
}
