/** Metrics and logging helpers (counting after commit); tags are codes, never personal data. */
package cn.railway.tempid.shared.observability;
