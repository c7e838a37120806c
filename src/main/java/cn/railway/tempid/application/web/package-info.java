/**
 * The REST controllers of the application feature ({@code /api/v1/applications}, {@code
 * /api/v1/me/applications}, the guest certificate lookup): request validation and mapping only;
 * every decision is made in {@code submission}, {@code query}, {@code journey} or {@code guest}.
 * Used by nobody (Spring MVC calls it).
 */
package cn.railway.tempid.application.web;
