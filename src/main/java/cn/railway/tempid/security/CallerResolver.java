package cn.railway.tempid.security;

import java.util.Optional;

/**
 * Resolves one kind of credential header to a caller. Each feature that issues credentials
 * (accounts, guest applicant tokens, operators) provides one.
 */
public interface CallerResolver {
  /** The header this resolver reads, e.g. {@code X-Applicant-Token}. */
  String header();

  /** The scheme prefix inside the header (e.g. {@code "Bearer "}), or "" for the whole value. */
  default String scheme() {
    return "";
  }

  /** The caller the credential belongs to; empty when it is unknown, expired or revoked. */
  Optional<? extends Caller> resolve(String credential);
}
