/**
 * The pages people use, as static files served by the service: the checkpoint verifier at {@code
 * /checkpoint/} (every profile; an installable offline web app that needs a checkpoint key to do
 * anything) and the security headers of every page (a strict Content-Security-Policy: scripts,
 * styles and data only from this origin). The passenger pages at {@code /} exist only in the demo
 * profile and are registered by {@code demo.DemoPage}.
 */
package cn.railway.tempid.pages;
