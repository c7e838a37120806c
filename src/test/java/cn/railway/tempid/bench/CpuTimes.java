package cn.railway.tempid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the service's process, of PostgreSQL's processes, and of the whole machine, read
 * before and after a phase: what one request costs where (the service, the database) and how busy
 * the machine was. Linux only ({@code /proc}); elsewhere every figure is 0.
 */
final class CpuTimes {

  record Snapshot(long serviceNanos, long databaseNanos, long busyNanos, long allNanos, long at) {}

  private final long servicePid;

  CpuTimes(long servicePid) {
    this.servicePid = servicePid;
  }

  Snapshot snapshot() {
    long service =
        ProcessHandle.of(servicePid)
            .flatMap(p -> p.info().totalCpuDuration())
            .map(Duration::toNanos)
            .orElse(0L);
    // PostgreSQL's backends come and go with connections: those alive at both ends of a phase
    // (the pools' connections) carry its work
    long database =
        ProcessHandle.allProcesses()
            .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
            .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
            .sum();
    long[] machine = machine();
    return new Snapshot(service, database, machine[0], machine[1], System.nanoTime());
  }

  /** Busy and all CPU time of the machine since boot, from the first line of /proc/stat. */
  private static long[] machine() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
      String[] f = lines.get(0).trim().split("\\s+");
      long all = 0;
      long idle = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        long v = Long.parseLong(f[i]);
        all += v;
        if (i == 4 || i == 5) {
          idle += v; // idle, iowait
        }
      }
      long tick = 10_000_000L; // USER_HZ 100
      return new long[] {(all - idle) * tick, all * tick};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** CPU milliseconds per request in the service and the database, and the machine's busy share. */
  static Map<String, Object> perRequest(Snapshot before, Snapshot after, long requests) {
    Map<String, Object> m = new LinkedHashMap<>();
    double n = Math.max(1, requests);
    m.put("serviceCpuMillisPerRequest", round((after.serviceNanos() - before.serviceNanos()) / n));
    m.put(
        "databaseCpuMillisPerRequest", round((after.databaseNanos() - before.databaseNanos()) / n));
    long all = after.allNanos() - before.allNanos();
    m.put(
        "machineBusyShare",
        all <= 0 ? 0 : Math.round(100.0 * (after.busyNanos() - before.busyNanos()) / all) / 100.0);
    return m;
  }

  private static double round(double nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }
}
