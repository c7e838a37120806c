package cn.railway.tempid.application.submission;

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
    boolean consentLocation,
    Guardian guardian,
    boolean consentGuardian) {

  /** An application without a guardian (applicants from 14 on, R5). */
  public SubmitCommand(
      String name,
      String idType,
      String idNumber,
      Double latitude,
      Double longitude,
      Double accuracyMeters,
      boolean consentIdentity,
      boolean consentBiometric,
      boolean consentLocation) {
    this(
        name,
        idType,
        idNumber,
        latitude,
        longitude,
        accuracyMeters,
        consentIdentity,
        consentBiometric,
        consentLocation,
        null,
        false);
  }

  /** The guardian of an applicant under 14 (PIPL art. 31), as submitted. */
  public record Guardian(String name, String idType, String idNumber) {
    @Override
    public String toString() {
      return "Guardian[****]";
    }
  }

  @Override
  public String toString() {
    return "SubmitCommand[****]";
  }
}
