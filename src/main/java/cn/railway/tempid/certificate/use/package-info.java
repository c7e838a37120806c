/**
 * Using a certificate: the holder's rules ({@code HolderAccess}: owner only, usable, a fresh face
 * check), the QR page's view sessions and re-verification ({@code ViewAccess}, {@code
 * ViewSessionStore}), the holder's reads ({@code HolderViews}) and the check log with its
 * impossible-travel alert ({@code CheckLogStore}, {@code ImpossibleTravel}, {@code Stations}). Uses
 * {@code issuing/}.
 */
package cn.railway.tempid.certificate.use;
