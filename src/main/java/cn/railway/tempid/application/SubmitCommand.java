package cn.railway.tempid.application;

/** What the passenger submitted; validated for shape by the controller. */
public record SubmitCommand(
    String name,
    String idType,
    String idNumber,
    Double latitude,
    Double longitude,
    Double accuracyMeters,
    boolean consentIdentity,
    boolean consentBiometric,
    boolean consentLocation) {

  @Override
  public String toString() {
    return "SubmitCommand[****]";
  }
}
