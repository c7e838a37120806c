package cn.railway.tempid.shared.problem;

/** One entry of a validation problem's {@code errors} list; never echoes the rejected value. */
public record FieldError(String field, String code, String message) {}
