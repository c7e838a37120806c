/**
 * Who may apply (R4, R5): the resident ID number (GB 11643-1999) and the {@code eligibility} DMN
 * table.
 */
package cn.railway.tempid.eligibility;
