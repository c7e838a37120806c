/**
 * The application feature's storage and shared plumbing: the {@code application} table ({@link
 * cn.railway.tempid.application.internal.ApplicationRepository}, records built by named factories),
 * guardian consent records, applicant token rows, the person lock, the outcome counter, the
 * feature's settings ({@code tempid.*}, one record) and its retention (which cases are due, erasing
 * its personal data). Used only by the other packages of {@code application} (checked by
 * ArchitectureTest).
 */
package cn.railway.tempid.application.internal;
