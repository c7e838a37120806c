package cn.railway.tempid.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The scanner finds every plain form, ignores masked values and never prints a needle. */
class PersonalDataScannerTest {
  static final String NAME = "欧阳娜娜";
  static final String ID = "11010519491231002X";

  PersonalDataScanner scanner() {
    return new PersonalDataScanner().name(NAME).idNumber(ID);
  }

  @Test
  void findsPlainNamesAndIdNumbersInEveryForm_butNotMaskedValues() {
    PersonalDataScanner s = scanner();
    s.scanLog(
        """
        INFO ok masked 欧*** 1101**********002X and 1101051949123 (13 digits)
        INFO name 欧阳娜娜 here
        {"message":"\\u6b27\\u9633\\u5a1c\\u5a1c"}
        WARN upper 11010519491231002X
        WARN lower 11010519491231002x
        WARN prefix 11010519491231002 then a wrong check character 9""");
    assertThat(s.hits())
        .extracting(PersonalDataScanner.Hit::where, PersonalDataScanner.Hit::needle)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("log line 2", "name #1"),
            org.assertj.core.groups.Tuple.tuple("log line 3", "name #1 (JSON-escaped)"),
            org.assertj.core.groups.Tuple.tuple("log line 4", "ID number #1"),
            org.assertj.core.groups.Tuple.tuple("log line 5", "ID number #1 (lower-case x)"),
            org.assertj.core.groups.Tuple.tuple("log line 6", "ID number #1 (17-digit prefix)"));
    assertThat(s.report())
        .doesNotContain(NAME, ID.substring(0, 17), "\\u6b27")
        .contains("<name #1>", "<ID number #1>");
  }

  @Test
  void findsPlainValuesInTextClobAndByteColumns_namingTableAndColumn() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:scanner-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "create table person (id int, masked varchar(40), note clob, data blob, "
              + "raw varbinary(100), n int)");
      try (PreparedStatement ps = c.prepareStatement("insert into person values (?,?,?,?,?,?)")) {
        ps.setInt(1, 1);
        ps.setString(2, "欧*** 1101**********002X");
        ps.setString(3, "a note about 欧阳娜娜");
        ps.setBytes(4, ("serialized " + ID).getBytes(StandardCharsets.UTF_8));
        ps.setBytes(5, "nothing".getBytes(StandardCharsets.UTF_8));
        ps.setInt(6, 42);
        ps.executeUpdate();
      }
      PersonalDataScanner s = scanner();
      assertThat(s.scanDatabase(ds)).contains("PERSON");
      assertThat(s.hits())
          .extracting(PersonalDataScanner.Hit::toString)
          .containsExactly("table PERSON.NOTE: name #1", "table PERSON.DATA: ID number #1");
      st.execute("drop all objects");
    }
  }
}
