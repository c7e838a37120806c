package cn.railway.tempid.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AccountRepository {
  private final JdbcClient jdbc;

  AccountRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(Account a) {
    jdbc.sql(
            """
        insert into passenger_account
          (id, username, password_hash, person_key, name_enc, id_number_enc, created_at)
        values (?, ?, ?, ?, ?, ?, ?)""")
        .params(
            a.id(),
            a.username(),
            a.passwordHash(),
            a.personKey(),
            a.nameEnc(),
            a.idNumberEnc(),
            Timestamp.from(a.createdAt()))
        .update();
  }

  Optional<Account> findByUsername(String username) {
    return jdbc.sql("select * from passenger_account where username = ?")
        .param(username)
        .query(AccountRepository::map)
        .optional();
  }

  Optional<Account> findById(String id) {
    return jdbc.sql("select * from passenger_account where id = ?")
        .param(id)
        .query(AccountRepository::map)
        .optional();
  }

  boolean existsByUsernameOrPerson(String username, String personKey) {
    return jdbc.sql("select count(*) from passenger_account where username = ? or person_key = ?")
            .params(username, personKey)
            .query(Long.class)
            .single()
        > 0;
  }

  void insertToken(String tokenHash, String accountId, Instant issuedAt, Instant expiresAt) {
    jdbc.sql(
            """
        insert into access_token (token_hash, account_id, issued_at, expires_at)
        values (?, ?, ?, ?)""")
        .params(tokenHash, accountId, Timestamp.from(issuedAt), Timestamp.from(expiresAt))
        .update();
  }

  Optional<Account> findByLiveToken(String tokenHash, Instant now) {
    return jdbc.sql(
            """
        select a.* from access_token t join passenger_account a on a.id = t.account_id
        where t.token_hash = ? and t.revoked_at is null and t.expires_at > ?""")
        .params(tokenHash, Timestamp.from(now))
        .query(AccountRepository::map)
        .optional();
  }

  void revokeToken(String tokenHash, Instant now) {
    jdbc.sql("update access_token set revoked_at = ? where token_hash = ? and revoked_at is null")
        .params(Timestamp.from(now), tokenHash)
        .update();
  }

  private static Account map(ResultSet rs, int row) throws SQLException {
    return new Account(
        rs.getString("id"),
        rs.getString("username"),
        rs.getString("password_hash"),
        rs.getString("person_key"),
        rs.getString("name_enc"),
        rs.getString("id_number_enc"),
        rs.getTimestamp("created_at").toInstant());
  }
}
