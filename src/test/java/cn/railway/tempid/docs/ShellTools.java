package cn.railway.tempid.docs;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Whether the commands the documents use are installed ({@code .ci/run} installs them). */
final class ShellTools {
  private ShellTools() {}

  static boolean present() {
    for (String tool : List.of("bash", "curl", "jq")) {
      try {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
          return false;
        }
      } catch (Exception e) {
        return false;
      }
    }
    return true;
  }
}
