package cn.railway.tempid.application.identity;

import cn.railway.tempid.account.AccountService;
import cn.railway.tempid.account.VerifiedIdentity;
import cn.railway.tempid.eligibility.EligibilityRules;
import cn.railway.tempid.eligibility.InvalidIdNumberException;
import cn.railway.tempid.eligibility.ResidentIdNumber;
import cn.railway.tempid.security.Caller;
import cn.railway.tempid.shared.privacy.PersonKeys;
import cn.railway.tempid.shared.problem.FieldError;
import cn.railway.tempid.shared.problem.ProblemCode;
import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Who an application is for: the identity a guest or a guardian gives (validated, normalised, with
 * its person key) or a logged-in passenger's identity from their account (R2).
 */
@Component
public class Identities {
  private static final Pattern OTHER_DOCUMENT_NUMBER = Pattern.compile("[A-Z0-9()\\-]{1,32}");

  private final AccountService accounts;
  private final PersonKeys personKeys;
  private final Clock clock;

  Identities(AccountService accounts, PersonKeys personKeys, Clock clock) {
    this.accounts = accounts;
    this.personKeys = personKeys;
    this.clock = clock;
  }

  /**
   * R2: a logged-in passenger applies with the identity of the account; empty when the request
   * names someone else (any of name, type or number given and different).
   */
  public Optional<Identity> ofAccount(
      Caller.Passenger passenger, String name, String idType, String idNumber) {
    VerifiedIdentity verified = accounts.identity(passenger.accountId());
    boolean typeMatches = idType == null || EligibilityRules.RESIDENT_ID_CARD.equals(idType);
    boolean numberMatches =
        idNumber == null
            || verified.idNumber().equals(normalise(idNumber).toUpperCase(Locale.ROOT));
    boolean nameMatches = name == null || normalise(name).equals(normalise(verified.name()));
    if (!typeMatches || !numberMatches || !nameMatches) {
      return Optional.empty();
    }
    ResidentIdNumber number = ResidentIdNumber.parse(verified.idNumber(), LocalDate.now(clock));
    return Optional.of(
        new Identity(
            verified.name(),
            EligibilityRules.RESIDENT_ID_CARD,
            number.normalized(),
            number.family().name(),
            passenger.personKey()));
  }

  /** The identity a guest gives: required fields and a valid number, or a {@code 400}. */
  public Identity ofGuest(String name, String idType, String idNumber) {
    List<FieldError> missing = new ArrayList<>();
    if (name == null || name.isBlank()) {
      missing.add(new FieldError("name", "REQUIRED", "The name is required."));
    }
    if (idType == null || idType.isBlank()) {
      missing.add(new FieldError("idType", "REQUIRED", "The ID type is required."));
    }
    if (idNumber == null || idNumber.isBlank()) {
      missing.add(new FieldError("idNumber", "REQUIRED", "The ID number is required."));
    }
    if (!missing.isEmpty()) {
      throw new ValidationException(missing);
    }
    return identity(name, idType, idNumber, "idNumber");
  }

  /**
   * The guardian of an applicant under 14, as given: required fields and, for a resident ID card, a
   * valid number, or a {@code 400} naming the {@code guardian.*} field. Whether a guardian is
   * needed and acceptable (age, consent) is the eligibility table's decision, in the journey.
   */
  public Identity ofGuardian(String name, String idType, String idNumber) {
    List<FieldError> errors = new ArrayList<>();
    if (name == null || name.isBlank()) {
      errors.add(new FieldError("guardian.name", "REQUIRED", "The guardian's name is required."));
    }
    if (idType == null || idType.isBlank()) {
      errors.add(
          new FieldError("guardian.idType", "REQUIRED", "The guardian's ID type is required."));
    }
    if (idNumber == null || idNumber.isBlank()) {
      errors.add(
          new FieldError("guardian.idNumber", "REQUIRED", "The guardian's ID number is required."));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return identity(name, idType, idNumber, "guardian.idNumber");
  }

  /**
   * A normalised identity: a resident ID card's number is validated (GB 11643) or a {@code 400}
   * naming {@code idNumberField}; another document (R4) is refused by the eligibility table later,
   * but recorded like any refusal, so only its characters are checked here.
   */
  private Identity identity(String rawName, String idType, String idNumber, String idNumberField) {
    String name = normalise(rawName);
    if (EligibilityRules.RESIDENT_ID_CARD.equals(idType)) {
      ResidentIdNumber number;
      try {
        number = ResidentIdNumber.parse(idNumber, LocalDate.now(clock));
      } catch (InvalidIdNumberException e) {
        throw new ValidationException(
            ProblemCode.INVALID_ID_NUMBER,
            List.of(new FieldError(idNumberField, e.reason().name(), e.reason().description())));
      }
      return new Identity(
          name,
          idType,
          number.normalized(),
          number.family().name(),
          personKeys.personKey(number.normalized()));
    }
    String number = normalise(idNumber).toUpperCase(Locale.ROOT);
    if (!OTHER_DOCUMENT_NUMBER.matcher(number).matches()) {
      throw new ValidationException(
          List.of(
              new FieldError(
                  idNumberField,
                  "PATTERN",
                  "The document number may contain only letters, digits, brackets and '-'.")));
    }
    return new Identity(
        name,
        idType,
        number,
        EligibilityRules.UNKNOWN_FAMILY,
        personKeys.personKey(idType + ":" + number));
  }

  /** A name or number in one Unicode form (NFKC), without surrounding spaces. */
  public static String normalise(String value) {
    return Normalizer.normalize(value, Normalizer.Form.NFKC).strip();
  }
}
