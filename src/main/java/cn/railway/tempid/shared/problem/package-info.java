/**
 * RFC 9457 problem details: the stable problem codes with both messages, and the refusal vocabulary
 * shared by the DMN tables, the BPMN errors and the problem codes.
 */
package cn.railway.tempid.shared.problem;
