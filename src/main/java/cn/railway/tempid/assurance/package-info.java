/**
 * Identity assurance (R6, R11, R12, R16; issue 7): "is this live face the person's?", decided for
 * every face check by the {@code identityAssurance} DMN table ({@link
 * cn.railway.tempid.assurance.IdentityAssurance}), and failed face checks as security events that
 * lock a person's face checks after repeated failures ({@link
 * cn.railway.tempid.assurance.FaceCheckEvents}), shown to operators. Knows nothing of liveness
 * sessions or certificates: callers pass ids and codes.
 */
package cn.railway.tempid.assurance;
