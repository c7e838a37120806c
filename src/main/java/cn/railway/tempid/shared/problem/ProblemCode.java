package cn.railway.tempid.shared.problem;

import org.springframework.http.HttpStatus;

/**
 * Every stable code a passenger, app or checkpoint can see: refusals returned as problem details
 * and the reason codes of applications that ended without a certificate. Each carries the Chinese
 * and English message shown to the passenger and, where R15 applies, the guidance to the station
 * police ID window. Codes are part of the REST contract: add, never rename.
 */
public enum ProblemCode {
  VALIDATION_FAILED(
      HttpStatus.BAD_REQUEST,
      false,
      "请求内容有误，请检查后重新提交",
      "The request is not valid; check the fields and try again."),
  INVALID_ID_NUMBER(
      HttpStatus.BAD_REQUEST,
      false,
      "证件号码有误，请核对后重新输入",
      "The ID number is not valid; check it and enter it again."),
  UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, false, "请先登录或完成本人验证", "Authentication is required."),
  INVALID_CREDENTIALS(
      HttpStatus.UNAUTHORIZED, false, "用户名或密码错误", "The username or password is wrong."),
  FORBIDDEN(HttpStatus.FORBIDDEN, false, "无权执行此操作", "You are not allowed to do this."),
  CHECKPOINT_TYPE_NOT_ALLOWED(
      HttpStatus.FORBIDDEN,
      false,
      "该核验设备未登记为此类检查点，不能以此身份核验",
      "This checkpoint key is not registered for this checkpoint type."),
  NOT_FOUND(HttpStatus.NOT_FOUND, false, "未找到相关记录", "Not found."),
  METHOD_NOT_ALLOWED(
      HttpStatus.METHOD_NOT_ALLOWED, false, "不支持该请求方法", "This method is not supported here."),
  NOT_ACCEPTABLE(
      HttpStatus.NOT_ACCEPTABLE,
      false,
      "不支持请求的响应格式",
      "The requested response format is not available."),
  UNSUPPORTED_MEDIA_TYPE(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE, false, "请以 JSON 格式提交", "Send the request body as JSON."),
  PAYLOAD_TOO_LARGE(
      HttpStatus.PAYLOAD_TOO_LARGE, false, "请求内容过大", "The request body is too large."),
  HEADERS_TOO_LARGE(
      HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
      false,
      "请求头过大",
      "The request headers are too large."),
  IDEMPOTENCY_KEY_REUSED(
      HttpStatus.UNPROCESSABLE_ENTITY,
      false,
      "该请求标识已用于另一份申请内容，请使用新的标识重新提交",
      "This Idempotency-Key was already used with a different request body; use a new key."),
  RULE_GATE_FAILED(
      HttpStatus.UNPROCESSABLE_ENTITY,
      false,
      "决策表未通过规则检查，详见 errors",
      "The decision table does not pass the rule gate; see errors."),

  CONSENT_REQUIRED(
      HttpStatus.UNPROCESSABLE_ENTITY,
      false,
      "请同意处理身份信息、人脸信息和位置信息后再提交申请",
      "Consent to processing your identity, face and location data is required to apply."),
  LOCATION_REQUIRED(
      HttpStatus.UNPROCESSABLE_ENTITY,
      false,
      "无法获取您所在的城市，请确认已开启定位服务并授权，然后点击“重新定位”",
      "Your city could not be located. Turn on location services, allow access and tap \"重新定位\" (locate again)."),
  OUTSIDE_SERVICE_AREA(
      HttpStatus.UNPROCESSABLE_ENTITY,
      true,
      "您所在的地区暂不支持办理电子临时乘车身份证明，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "Your location is outside the service area. Please go to the railway police ID window at the station for a paper certificate."),
  ID_TYPE_NOT_SUPPORTED(
      HttpStatus.UNPROCESSABLE_ENTITY,
      true,
      "该证件无法申请临时乘车身份证明，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "This document cannot be used to apply; only the Chinese resident ID card is accepted. Please go to the railway police ID window at the station for a paper certificate."),
  QUOTA_EXCEEDED(
      HttpStatus.UNPROCESSABLE_ENTITY,
      true,
      "本自然月申请次数已达上限，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "You have used all applications for this calendar month. Please go to the railway police ID window at the station for a paper certificate."),
  ACTIVE_CERTIFICATE_EXISTS(
      HttpStatus.UNPROCESSABLE_ENTITY,
      false,
      "您已有有效的电子临时乘车身份证明，可在其失效前3小时内申请新的证明",
      "You already hold a valid certificate; a new one can be applied for in its last 3 hours."),
  IDENTITY_MISMATCH(
      HttpStatus.UNPROCESSABLE_ENTITY,
      false,
      "填写的身份信息与当前登录账户不一致",
      "The identity entered does not match the logged-in account."),
  ACCOUNT_EXISTS(
      HttpStatus.CONFLICT, false, "该用户名或身份已注册", "This username or identity is already registered."),
  CHECKPOINT_EXISTS(
      HttpStatus.CONFLICT,
      false,
      "该检查点已登记",
      "A checkpoint system with this id is already registered."),
  APPLICATION_IN_PROGRESS(
      HttpStatus.CONFLICT,
      false,
      "您有正在办理中的申请，请等待办理结果",
      "An application of yours is already in progress; wait for its result."),
  NO_ATTEMPTS_LEFT(
      HttpStatus.CONFLICT,
      true,
      "实人核验次数已用完，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "No face verification attempts are left. Please go to the railway police ID window at the station for a paper certificate."),
  LIVENESS_IN_PROGRESS(
      HttpStatus.CONFLICT,
      false,
      "当前实人核验尚未结束，请先完成当前核验",
      "The current face verification has not finished yet."),
  APPLICATION_NOT_AWAITING_LIVENESS(
      HttpStatus.CONFLICT,
      false,
      "该申请当前无需进行实人核验",
      "This application is not waiting for face verification."),
  LIVENESS_REQUIRED(
      HttpStatus.UNPROCESSABLE_ENTITY,
      false,
      "请先完成本人实人核验后再查看",
      "Pass a face verification first to view the certificate."),
  REVERIFICATION_REQUIRED(
      HttpStatus.UNAUTHORIZED,
      false,
      "为避免他人冒用，请重新进行实人核验",
      "Verify your face again to keep viewing the QR code."),
  CERTIFICATE_EXPIRED(
      HttpStatus.GONE,
      false,
      "电子临时乘车身份证明已失效，可重新申请或通过人工通道办理",
      "The certificate has expired; apply again or use the staffed channel."),
  CERTIFICATE_SUPERSEDED(
      HttpStatus.GONE,
      false,
      "该证明已被新的电子临时乘车身份证明取代",
      "This certificate was replaced by a newer one."),
  CERTIFICATE_REVOKED(
      HttpStatus.GONE,
      false,
      "该证明已被撤销，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "This certificate was revoked. Please go to the railway police ID window at the station."),
  CERTIFICATE_NOT_ACTIVE(
      HttpStatus.CONFLICT,
      false,
      "该证明已失效或已被新的证明取代，无需撤销",
      "This certificate has expired or was replaced by a newer one; there is nothing to revoke."),
  GUARDIAN_REQUIRED(
      HttpStatus.UNPROCESSABLE_ENTITY,
      false,
      "未满14周岁的申请人须由监护人提供身份信息并同意处理其个人信息，监护人还须完成实人核验",
      "Applicants under 14 need a guardian: give the guardian's identity and the guardian's consent; the guardian also passes a face verification."),
  RATE_LIMITED(
      HttpStatus.TOO_MANY_REQUESTS,
      false,
      "操作过于频繁，请稍后再试",
      "Too many requests; please wait and try again later."),
  FACE_CHECKS_LOCKED(
      HttpStatus.TOO_MANY_REQUESTS,
      true,
      "人脸核验失败次数过多，已暂停核验，请稍后再试，或前往车站公安制证窗口办理纸质临时乘车身份证明",
      "Too many face checks failed; face verification is paused for a while. Try again later, or go to the railway police ID window at the station for a paper certificate."),
  TICKET_MATCH_LIMITED(
      HttpStatus.TOO_MANY_REQUESTS,
      false,
      "该证明的车票证件号码比对不一致次数过多，已暂停比对，请稍后再试，或核验乘客的其他证件",
      "Too many ticket ID numbers did not match this certificate; ticket matching is paused for it. Try again later, or check the passenger's identity another way."),
  PROVIDER_UNAVAILABLE(
      HttpStatus.SERVICE_UNAVAILABLE,
      false,
      "服务繁忙，请稍后重试",
      "The service is busy; please try again shortly."),
  SERVICE_UNAVAILABLE(
      HttpStatus.SERVICE_UNAVAILABLE,
      false,
      "系统暂时无法处理请求，请稍后重试",
      "The service is temporarily unavailable; please try again shortly."),
  INTERNAL_ERROR(
      HttpStatus.INTERNAL_SERVER_ERROR,
      false,
      "系统错误，请稍后重试",
      "Something went wrong on our side; please try again later."),

  // Reasons of applications that ended without a certificate (Application.reasonCode).
  LIVENESS_FAILED(
      null,
      true,
      "实人核验未通过，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "Face verification did not pass. Please go to the railway police ID window at the station for a paper certificate."),
  LIVENESS_TIMEOUT(
      null,
      false,
      "实人核验超时未完成，申请已取消，可重新申请",
      "Face verification was not completed in time; the application was cancelled and you may apply again."),
  REGISTRY_NOT_FOUND(
      null,
      true,
      "未能核实您的身份信息，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "Your identity could not be verified. Please go to the railway police ID window at the station for a paper certificate."),
  IDENTITY_NOT_VERIFIED(
      null,
      true,
      "身份信息核验未通过，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "Your identity could not be verified. Please go to the railway police ID window at the station for a paper certificate."),
  REGISTRY_FLAGGED(
      null,
      true,
      "身份信息核验未通过，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "Your identity could not be verified. Please go to the railway police ID window at the station for a paper certificate."),
  LIVENESS_SCORE_LOW(
      null,
      true,
      "实人核验未通过，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "Face verification did not pass. Please go to the railway police ID window at the station for a paper certificate."),
  FACE_MISMATCH(
      null,
      true,
      "人脸比对未通过，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "Your face did not match your identity record. Please go to the railway police ID window at the station for a paper certificate."),
  PROCESSING_TIMEOUT(
      null,
      true,
      "申请未能在24小时内办结，请重新申请或前往车站公安制证窗口办理纸质临时乘车身份证明",
      "The application could not be completed within 24 hours. Apply again, or go to the railway police ID window at the station for a paper certificate."),
  CANCELLED_BY_OPERATOR(
      null,
      true,
      "申请已由工作人员终止，请重新申请或前往车站公安制证窗口办理纸质临时乘车身份证明",
      "Staff ended the application. Apply again, or go to the railway police ID window at the station for a paper certificate."),
  GUARDIAN_LIVENESS_FAILED(
      null,
      true,
      "监护人实人核验未通过，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "The guardian's face verification did not pass. Please go to the railway police ID window at the station for a paper certificate."),
  GUARDIAN_LIVENESS_TIMEOUT(
      null,
      false,
      "监护人实人核验超时未完成，申请已取消，可重新申请",
      "The guardian's face verification was not completed in time; the application was cancelled and you may apply again."),
  GUARDIAN_NOT_VERIFIED(
      null,
      true,
      "未能核实监护人的身份信息，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "The guardian's identity could not be verified. Please go to the railway police ID window at the station for a paper certificate."),
  REVIEW_REJECTED(
      null,
      true,
      "审核未通过，请前往车站公安制证窗口办理纸质临时乘车身份证明",
      "The review did not approve the application. Please go to the railway police ID window at the station for a paper certificate.");

  /** Where the passenger should go when an electronic certificate cannot be had (R15). */
  public static final String STATION_POLICE_WINDOW = "STATION_POLICE_WINDOW";

  private final HttpStatus status;
  private final boolean stationPoliceWindow;
  private final String messageZh;
  private final String messageEn;

  ProblemCode(HttpStatus status, boolean stationPoliceWindow, String messageZh, String messageEn) {
    this.status = status;
    this.stationPoliceWindow = stationPoliceWindow;
    this.messageZh = messageZh;
    this.messageEn = messageEn;
  }

  /** The HTTP status when this code is answered as an error; null for application reasons only. */
  public HttpStatus status() {
    return status == null ? HttpStatus.UNPROCESSABLE_ENTITY : status;
  }

  public String messageZh() {
    return messageZh;
  }

  public String messageEn() {
    return messageEn;
  }

  /** {@link #STATION_POLICE_WINDOW} where R15 applies, otherwise null. */
  public String guidance() {
    return stationPoliceWindow ? STATION_POLICE_WINDOW : null;
  }

  /** The code for a stored reason string; null when the string is null or unknown. */
  public static ProblemCode fromReason(String reason) {
    if (reason == null) {
      return null;
    }
    for (ProblemCode code : values()) {
      if (code.name().equals(reason)) {
        return code;
      }
    }
    return null;
  }
}
