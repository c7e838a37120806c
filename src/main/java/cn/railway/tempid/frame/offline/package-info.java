/** The offline verifier of QR frames, usable by gate vendors without the service. */
package cn.railway.tempid.frame.offline;
