package cn.railway.tempid.application.guest;

import cn.railway.tempid.application.query.RecentViews;
import cn.railway.tempid.shared.persistence.Tokens;
import cn.railway.tempid.shared.shedding.AnsweredFromMemory;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * A guest app's plain poll of its application ({@code GET /api/v1/applications/{id}} without {@code
 * Prefer: wait}) is answered from memory when its applicant token and a recent view of that
 * application are both held ({@link ApplicantTokens}, {@link RecentViews}): load shedding admits it
 * without a place. Authorization is unchanged: the token and the owner are checked again when the
 * request is served.
 */
@Component
class GuestPollsFromMemory implements AnsweredFromMemory {
  private static final Pattern APPLICATION = Pattern.compile("/api/v1/applications/([^/]{1,64})");

  private final ApplicantTokens tokens;
  private final RecentViews views;

  GuestPollsFromMemory(ApplicantTokens tokens, RecentViews views) {
    this.tokens = tokens;
    this.views = views;
  }

  @Override
  public boolean answers(HttpServletRequest request) {
    if (!"GET".equals(request.getMethod()) || request.getHeader("Prefer") != null) {
      return false;
    }
    String token = request.getHeader("X-Applicant-Token");
    if (token == null || token.isEmpty()) {
      return false;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Matcher m = APPLICATION.matcher(path);
    if (!m.matches()) {
      return false;
    }
    String applicationId = m.group(1);
    return views.holds(applicationId) && tokens.knownFor(Tokens.hash(token), applicationId);
  }
}
