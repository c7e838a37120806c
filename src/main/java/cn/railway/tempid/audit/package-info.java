/**
 * Who was shown which case's personal data (reviewers, checkpoints, owners), for the privacy
 * officer: {@code personal_data_access} and {@code GET /api/v1/audit}.
 */
package cn.railway.tempid.audit;
