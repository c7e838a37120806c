/**
 * Personal data at rest: person keys, field encryption, masking, and the eraser port through which
 * each feature erases its own personal data for retention.
 */
package cn.railway.tempid.shared.privacy;
