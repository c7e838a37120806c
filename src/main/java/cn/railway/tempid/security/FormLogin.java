package cn.railway.tempid.security;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The user name of a Camunda web app login ({@code username=…&password=…}, form-encoded), read
 * before the login runs so that it can be throttled per user name. The body is read here and handed
 * on unchanged: the request passed on replays it, so Camunda's login resource reads the form as it
 * was sent (reading it through {@code getParameter} instead would leave Jersey an empty body).
 */
record FormLogin(HttpServletRequest request, String username) {
  /** As much of the body as is read for the user name; Tomcat refuses larger forms anyway. */
  private static final int MAX_READ = 64 * 1024;

  private static final String FORM = "application/x-www-form-urlencoded";

  static FormLogin read(HttpServletRequest request) throws IOException {
    String contentType = request.getContentType();
    if (contentType == null || !contentType.regionMatches(true, 0, FORM, 0, FORM.length())) {
      return new FormLogin(request, "");
    }
    InputStream original = request.getInputStream();
    byte[] head = original.readNBytes(MAX_READ);
    // form encoding is ASCII: anything else is percent-encoded UTF-8, as the browser sends it;
    // names are decoded too (as the login resource reads them), and the first username counts
    String username = "";
    for (String field : new String(head, StandardCharsets.ISO_8859_1).split("&")) {
      int equals = field.indexOf('=');
      try {
        if (equals > 0 && decode(field.substring(0, equals)).equals("username")) {
          username = decode(field.substring(equals + 1));
          break;
        }
      } catch (IllegalArgumentException malformed) {
        // not a field the login resource could read either
      }
    }
    return new FormLogin(new Replayed(request, head, original), username);
  }

  private static String decode(String encoded) {
    return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
  }

  /** The request with its body as read so far, then the rest of it. */
  private static final class Replayed extends HttpServletRequestWrapper {
    private final ServletInputStream body;

    Replayed(HttpServletRequest request, byte[] head, InputStream rest) {
      super(request);
      InputStream all = new SequenceInputStream(new ByteArrayInputStream(head), rest);
      this.body =
          new ServletInputStream() {
            private boolean finished;

            @Override
            public int read() throws IOException {
              int b = all.read();
              finished = b < 0;
              return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
              int n = all.read(buffer, offset, length);
              finished = n < 0;
              return n;
            }

            @Override
            public boolean isFinished() {
              return finished;
            }

            @Override
            public boolean isReady() {
              return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
              throw new UnsupportedOperationException("blocking reads only");
            }
          };
    }

    @Override
    public ServletInputStream getInputStream() {
      return body;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      return new BufferedReader(
          new InputStreamReader(
              body, encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
    }
  }
}
