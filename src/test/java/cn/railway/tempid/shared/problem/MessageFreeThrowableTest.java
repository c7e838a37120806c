package cn.railway.tempid.shared.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MessageFreeThrowableTest {

  @Test
  void keepsClassesAndFrames_dropsEveryMessageOfTheChain() {
    IllegalStateException cause = new IllegalStateException("value '11010519491231002X' too long");
    RuntimeException top = new RuntimeException("insert failed for 张三", cause);

    Throwable safe = MessageFreeThrowable.of(top);
    StringWriter printed = new StringWriter();
    safe.printStackTrace(new PrintWriter(printed));

    assertThat(printed.toString())
        .contains(RuntimeException.class.getName(), IllegalStateException.class.getName())
        .contains("MessageFreeThrowableTest.keepsClassesAndFrames")
        .doesNotContain("11010519491231002X")
        .doesNotContain("张三");
    assertThat(safe.getStackTrace()).isEqualTo(top.getStackTrace());
  }
}
