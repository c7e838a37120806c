package cn.railway.tempid.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A deployment as Camunda Modeler sends it: {@code multipart/form-data} to the engine's REST API
 * ({@code POST /engine-rest/deployment/create}) with a deployment name, the source {@code Camunda
 * Modeler} and one part per file.
 */
public final class ModelerDeployment {
  private ModelerDeployment() {}

  /**
   * The request, to send with any {@link java.net.http.HttpClient}.
   *
   * @param port the application's port
   * @param authorization the {@code Authorization} header (HTTP Basic of a staff user)
   * @param name the deployment's name
   * @param files the files by name ({@code quota.dmn}, {@code quota.cases.csv}, …) and content
   */
  public static HttpRequest.Builder request(
      int port, String authorization, String name, Map<String, String> files) {
    String boundary = "----tempid" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("deployment-name", name);
    fields.put("deployment-source", "Camunda Modeler");
    fields.forEach(
        (field, value) ->
            write(
                body,
                "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                    .formatted(boundary, field, value)));
    files.forEach(
        (file, content) ->
            write(
                body,
                ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n%s\r\n")
                    .formatted(boundary, file, file, content)));
    write(body, "--" + boundary + "--\r\n");
    return HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/engine-rest/deployment/create"))
        .header("Authorization", authorization)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
  }

  private static void write(ByteArrayOutputStream body, String text) {
    body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
