/** The one clock of every rule; the engine follows it and tests move it. */
package cn.railway.tempid.shared.time;
