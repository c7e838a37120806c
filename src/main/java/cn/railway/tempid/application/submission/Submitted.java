package cn.railway.tempid.application.submission;

import cn.railway.tempid.application.query.ApplicationView;
import cn.railway.tempid.shared.problem.ProblemCode;
import java.util.Map;

/**
 * The result of a submission: accepted (201) or refused by a pre-check (422, recorded).
 *
 * @param view the application as its owner sees it (a guest's with a fresh applicant token)
 * @param accepted true when the journey goes on
 * @param refusal the problem code of a refusal, null when accepted
 * @param refusalDetails the refusal's details (the application, and e.g. the quota), in order
 */
public record Submitted(
    ApplicationView view,
    boolean accepted,
    ProblemCode refusal,
    Map<String, Object> refusalDetails) {}
