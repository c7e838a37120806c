package cn.railway.tempid.account;

/**
 * The identity a registered passenger proved at registration (R2 pre-fills applications with it).
 * Plain personal data: keep it in memory only for the request that needs it.
 */
public record VerifiedIdentity(String name, String idNumber) {
  @Override
  public String toString() {
    return "VerifiedIdentity[****]";
  }
}
