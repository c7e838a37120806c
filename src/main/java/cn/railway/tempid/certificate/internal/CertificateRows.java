package cn.railway.tempid.certificate.internal;

import cn.railway.tempid.certificate.Certificate;
import cn.railway.tempid.certificate.CertificateStatus;
import cn.railway.tempid.shared.persistence.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A row of the {@code certificate} table as a {@link Certificate}. */
public final class CertificateRows {
  private CertificateRows() {}

  /** Maps a {@code select *} row of {@code certificate}; a row mapper. */
  public static Certificate map(ResultSet rs, int row) throws SQLException {
    return new Certificate(
        rs.getString("id"),
        rs.getString("application_id"),
        rs.getString("person_key"),
        CertificateStatus.valueOf(rs.getString("status")),
        rs.getString("masked_name"),
        rs.getString("masked_id_number"),
        Rows.instant(rs, "issued_at"),
        Rows.instant(rs, "expires_at"),
        Rows.instant(rs, "renewal_opens_at"),
        Rows.instant(rs, "status_changed_at"),
        rs.getString("superseded_by"),
        rs.getObject("status_index") == null ? null : rs.getLong("status_index"));
  }
}
