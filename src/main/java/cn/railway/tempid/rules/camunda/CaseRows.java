package cn.railway.tempid.rules.camunda;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a cases file ({@link DecisionCases}), as minimal CSV: comma separated, optional
 * "quoted" cells ({@code ""} inside quotes), {@code #} comment lines; each row keeps its line
 * number for the failures.
 */
final class CaseRows {
  private CaseRows() {}

  /** One line of the file: its number and its cells. */
  record Row(int line, List<String> cells) {
    int index(String column) {
      return cells.indexOf(column);
    }

    /** The cell under the header column, or null when the cell is empty or missing. */
    String get(Row header, String column) {
      int i = header.index(column);
      String cell = i < 0 || i >= cells.size() ? null : cells.get(i);
      return cell == null || cell.isBlank() ? null : cell.trim();
    }
  }

  /** The header and case rows of a file, without blank and comment lines. */
  static List<Row> read(String text) {
    List<Row> rows = new ArrayList<>();
    String[] lines = text.replace("\uFEFF", "").split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      rows.add(new Row(n + 1, splitCsvLine(line)));
    }
    return rows;
  }

  private static List<String> splitCsvLine(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        cell.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString().trim());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString().trim());
    return cells;
  }
}
