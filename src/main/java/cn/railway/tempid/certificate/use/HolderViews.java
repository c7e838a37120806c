package cn.railway.tempid.certificate.use;

import cn.railway.tempid.audit.PersonalDataAccessLog;
import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CheckLog;
import cn.railway.tempid.security.Caller;
import java.util.List;
import org.springframework.stereotype.Service;

/** What the holder reads of their own certificate: the certificate (masked) and its check log. */
@Service
public class HolderViews {
  private final HolderAccess access;
  private final PersonalDataAccessLog accessLog;
  private final CheckLog checkLog;

  HolderViews(HolderAccess access, PersonalDataAccessLog accessLog, CheckLog checkLog) {
    this.access = access;
    this.accessLog = accessLog;
    this.checkLog = checkLog;
  }

  /** The caller's certificate, its (masked) showing recorded in the personal-data access log. */
  public Certificate certificate(Caller caller, String id) {
    Certificate c = access.owned(caller, id);
    accessLog.record(
        caller,
        PersonalDataAccessLog.SubjectType.CERTIFICATE,
        c.id(),
        PersonalDataAccessLog.Shown.MASKED,
        PersonalDataAccessLog.Purpose.OWNER_VIEW);
    return c;
  }

  /** The checks of the caller's certificate and the alerts on it, newest first. */
  public record ChecksAndAlerts(List<CheckLog.Check> checks, List<CheckLog.Alert> alerts) {}

  public ChecksAndAlerts checks(Caller caller, String id) {
    Certificate c = access.owned(caller, id);
    return new ChecksAndAlerts(checkLog.checks(c.id()), checkLog.alerts(c.id()));
  }
}
