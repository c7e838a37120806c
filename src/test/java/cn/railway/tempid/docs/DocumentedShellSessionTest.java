package cn.railway.tempid.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.railway.tempid.docs.DocumentedShellSession.Block;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The walk-through's test fails when the document and the service disagree. */
class DocumentedShellSessionTest {
  static final String ISSUED =
      "{\"applicationId\":\"a1\",\"status\":\"ISSUED\",\"certificateId\":\"c1\","
          + "\"quota\":{\"used\":1,\"limit\":3},\"items\":[1,2]}";

  static Block json(String text) {
    return new Block("json", text, 1);
  }

  @Test
  void anAbridgedAnswerWithWildcards_matches() {
    assertThatCode(
            () ->
                DocumentedShellSession.check(
                    ISSUED,
                    json("{\"applicationId\":\"…\",\"status\":\"ISSUED\",\"quota\":{\"used\":1}}"),
                    "doc"))
        .doesNotThrowAnyException();
  }

  @Test
  void aStatusTheServiceDoesNotAnswer_fails() {
    assertThatThrownBy(
            () -> DocumentedShellSession.check(ISSUED, json("{\"status\":\"REJECTED\"}"), "doc"))
        .hasMessageContaining("$.status")
        .hasMessageContaining("REJECTED");
  }

  @Test
  void aFieldTheServiceDoesNotAnswer_fails() {
    assertThatThrownBy(
            () -> DocumentedShellSession.check(ISSUED, json("{\"revokedAt\":\"…\"}"), "doc"))
        .hasMessageContaining("$.revokedAt");
  }

  @Test
  void anAnswerTheDocumentDoesNotShow_fails() {
    assertThatThrownBy(() -> DocumentedShellSession.check(ISSUED, null, "doc line 7"))
        .hasMessageContaining("doc line 7")
        .hasMessageContaining("does not show");
  }

  @Test
  void oneAnswerMoreOrLessThanShown_fails() {
    assertThatThrownBy(
            () ->
                DocumentedShellSession.check(
                    ISSUED + ISSUED, json("{\"status\":\"ISSUED\"}"), "doc"))
        .hasMessageContaining("printed 2 JSON answers, the document shows 1");
  }

  @Test
  void anArray_hasTheLengthShown_unlessItEndsWithAWildcard() {
    assertThatThrownBy(() -> DocumentedShellSession.check(ISSUED, json("{\"items\":[1]}"), "doc"))
        .hasMessageContaining("$.items");
    assertThatCode(() -> DocumentedShellSession.check(ISSUED, json("{\"items\":[1,\"…\"]}"), "doc"))
        .doesNotThrowAnyException();
  }

  @Test
  void aTextAnswer_matchesWithWildcards() throws Exception {
    Block text = new Block("text", "ACCEPTED certificateId=… frameStartsAt=…", 1);
    DocumentedShellSession.check("ACCEPTED certificateId=c1 frameStartsAt=t", text, "doc");
    assertThatThrownBy(() -> DocumentedShellSession.check("REJECTED FRAME_EXPIRED", text, "doc"))
        .hasMessageContaining("REJECTED FRAME_EXPIRED");
  }

  @Test
  void fencedBlocks_areFoundInOrderWithTheirLanguage() {
    List<Block> blocks =
        DocumentedShellSession.fencedBlocks(
            "# t\n\n```bash\necho '{}'\n```\n\ntext\n\n```json\n{}\n```\n");
    assertThat(blocks).extracting(Block::language).containsExactly("bash", "json");
    assertThat(blocks.get(0).line()).isEqualTo(3);
  }
}
