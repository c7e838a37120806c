/**
 * Registered passengers (R2, R12, R14): registration with a verified identity (demo: POST
 * /demo/users), login with bearer access tokens (stored as hashes), logout, the own identity shown
 * masked.
 */
package cn.railway.tempid.account;
