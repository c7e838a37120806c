package cn.railway.tempid.shared.web;

import cn.railway.tempid.shared.problem.ApiException;
import cn.railway.tempid.shared.problem.PayloadTooLargeException;
import cn.railway.tempid.shared.problem.ProblemCode;
import cn.railway.tempid.shared.problem.ProblemResponses;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits checked before anything else reads the request (right after the trace id), each answered
 * as problem details:
 *
 * <ul>
 *   <li>request line and headers together larger than {@code tempid.http.max-header-size}: {@code
 *       431 HEADERS_TOO_LARGE} (Tomcat's own, larger limit is {@code
 *       server.max-http-request-header-size});
 *   <li>a {@code Content-Type} that is not a single concrete media type ({@code *}{@code /*},
 *       {@code application/*}, unparsable): {@code 415 UNSUPPORTED_MEDIA_TYPE};
 *   <li>a NUL character in the query ({@code %00}): {@code 400 VALIDATION_FAILED};
 *   <li>an API request body ({@code /api/}) larger than {@code tempid.http.max-body-size}, declared
 *       or streamed: {@code 413 PAYLOAD_TOO_LARGE}.
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
@EnableConfigurationProperties(RequestLimitProperties.class)
class RequestLimits extends OncePerRequestFilter {
  private final ObjectMapper json;
  private final long maxHeaderChars;
  private final long maxBodyBytes;

  RequestLimits(ObjectMapper json, RequestLimitProperties settings) {
    this.json = json;
    this.maxHeaderChars = settings.maxHeaderSize().toBytes();
    this.maxBodyBytes = settings.maxBodySize().toBytes();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (headerChars(request) > maxHeaderChars) {
      refuse(response, new ApiException(ProblemCode.HEADERS_TOO_LARGE));
      return;
    }
    if (!concreteOrAbsent(request.getContentType())) {
      refuse(response, new ApiException(ProblemCode.UNSUPPORTED_MEDIA_TYPE));
      return;
    }
    String query = request.getQueryString();
    if (query != null && (query.indexOf('\u0000') >= 0 || containsEncodedNul(query))) {
      refuse(
          response,
          ApiException.invalidField(
              "$query",
              "INVALID_CHARACTER",
              "The query contains a character that is not allowed."));
      return;
    }
    if (request.getRequestURI().startsWith("/api/")) {
      if (request.getContentLengthLong() > maxBodyBytes) {
        refuse(response, new ApiException(ProblemCode.PAYLOAD_TOO_LARGE));
        return;
      }
      request = new LimitedBody(request, maxBodyBytes);
    }
    chain.doFilter(request, response);
  }

  private void refuse(HttpServletResponse response, ApiException e) throws IOException {
    ProblemResponses.write(response, e, json);
  }

  /** The request line and every header line, roughly as they came on the wire. */
  private static long headerChars(HttpServletRequest request) {
    long chars =
        request.getMethod().length()
            + request.getRequestURI().length()
            + (request.getQueryString() == null ? 0 : request.getQueryString().length() + 1)
            + 12;
    for (String name : Collections.list(request.getHeaderNames())) {
      for (String value : Collections.list(request.getHeaders(name))) {
        chars += name.length() + value.length() + 4;
      }
    }
    return chars;
  }

  /** True for no content type or one concrete type (no wildcard), false for anything else. */
  static boolean concreteOrAbsent(String contentType) {
    if (contentType == null) {
      return true;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return !type.isWildcardType() && !type.isWildcardSubtype();
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  private static boolean containsEncodedNul(String query) {
    return query.toLowerCase(Locale.ROOT).contains("%00");
  }

  /** Counts what is read of the body and fails past the limit (chunked bodies have no length). */
  private static final class LimitedBody extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;
    private BufferedReader reader;

    LimitedBody(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream(), limit);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      if (reader == null) {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
      }
      return reader;
    }
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long read;

    Counting(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws PayloadTooLargeException {
      read += n;
      if (read > limit) {
        throw new PayloadTooLargeException(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
