package cn.railway.tempid.application.identity;

/** The identity an application is made for, normalised, with its person key. */
public record Identity(
    String name, String idType, String idNumber, String family, String personKey) {
  @Override
  public String toString() {
    return "Identity[****]";
  }
}
