/**
 * What only the certificate feature itself touches: the row mapper of the {@code certificate}
 * table, the status-index sequence, the feature's settings registration and its retention eraser.
 * Reached from no other feature (ArchitectureTest).
 */
package cn.railway.tempid.certificate.internal;
