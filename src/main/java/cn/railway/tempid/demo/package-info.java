/**
 * The demo profile only (the embedded default): move the clock, create passengers and registry
 * persons, play the phone for the simulated liveness provider, and the demo data.
 */
package cn.railway.tempid.demo;
