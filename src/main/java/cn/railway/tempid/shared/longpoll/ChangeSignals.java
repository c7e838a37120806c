package cn.railway.tempid.shared.longpoll;

import cn.railway.tempid.shared.persistence.Databases;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * "Something about this key changed": signalled by writers inside their transaction, delivered to
 * the waiters of every node once the transaction commits (never for a rolled-back one). Keys are
 * resource ids (never personal data): they travel in {@code NOTIFY} payloads.
 */
@Component
public class ChangeSignals {
  static final String CHANNEL = "tempid_changes";
  private static final Logger log = LoggerFactory.getLogger(ChangeSignals.class);

  private final Map<String, Set<Runnable>> waiters = new ConcurrentHashMap<>();
  // caches that forget what a change touches: told every key, and null for "anything may have
  // changed" (the LISTEN connection was down and is back)
  private final Set<Consumer<String>> everyChange = new CopyOnWriteArraySet<>();
  private final JdbcClient jdbc;
  private final boolean postgres;
  private final DataSourceProperties properties;
  private volatile boolean running = true;
  private volatile Thread listener;
  private volatile boolean listening;

  /** One per node (Spring creates it); a test may create a second one to play another node. */
  public ChangeSignals(DataSource dataSource, DataSourceProperties properties) {
    this.jdbc = JdbcClient.create(dataSource);
    this.postgres = Databases.isPostgres(dataSource);
    this.properties = properties;
    if (postgres) {
      listener = new Thread(this::listen, "change-signals-listener");
      listener.setDaemon(true);
      listener.start();
    }
  }

  /**
   * Signals a change of {@code key}; call it inside the transaction that makes the change. The
   * waiters hear of it after the commit (PostgreSQL {@code NOTIFY}: on every node).
   */
  public void changed(String key) {
    if (postgres) {
      // every node (this one too) hears it at commit; this node also at once below
      jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, key).query().listOfRows();
    }
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              wake(key);
            }
          });
    } else {
      wake(key);
    }
  }

  /** Calls {@code onChange} after each committed change of {@code key} until closed. */
  public AutoCloseable onChange(String key, Runnable onChange) {
    waiters.computeIfAbsent(key, k -> new CopyOnWriteArraySet<>()).add(onChange);
    return () ->
        waiters.computeIfPresent(
            key,
            (k, set) -> {
              set.remove(onChange);
              return set.isEmpty() ? null : set;
            });
  }

  /**
   * Calls {@code onChange} with the key of every committed change on any node, and with {@code
   * null} when changes may have been missed (this node's LISTEN connection was down; it is called
   * before {@link #listening()} is true again). For caches: a cache that serves only while {@link
   * #listening()} and forgets what this names never serves a change's old state.
   */
  public void onEveryChange(Consumer<String> onChange) {
    everyChange.add(onChange);
  }

  /** True on H2, and on PostgreSQL while this node's LISTEN connection is up. */
  public boolean listening() {
    return !postgres || listening;
  }

  /** How many requests wait on this node (for tests and metrics). */
  public int waiting() {
    return waiters.values().stream().mapToInt(Set::size).sum();
  }

  void wake(String key) {
    // caches first: a waiter woken next re-reads, and must not be answered from what was cached
    everyChange.forEach(c -> runQuietly(() -> c.accept(key)));
    Set<Runnable> set = waiters.get(key);
    if (set != null) {
      set.forEach(ChangeSignals::runQuietly);
    }
  }

  private void wakeAll() {
    waiters.values().forEach(set -> set.forEach(ChangeSignals::runQuietly));
  }

  private static void runQuietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("a change waiter failed: {}", e.getClass().getSimpleName());
    }
  }

  /**
   * PostgreSQL: one connection of its own (not from the pool) listening for every node's signals.
   */
  private void listen() {
    long backoff = 500;
    while (running) {
      try (Connection c =
          DriverManager.getConnection(
              properties.determineUrl(),
              properties.determineUsername(),
              properties.determinePassword())) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        // changes missed while the connection was down: caches forget everything before they are
        // used again, and every waiter re-reads once
        everyChange.forEach(cache -> runQuietly(() -> cache.accept(null)));
        listening = true;
        wakeAll();
        backoff = 500;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1000);
          if (notifications != null) {
            for (PGNotification n : notifications) {
              wake(n.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (!running) {
          return;
        }
        log.warn(
            "change signals: the LISTEN connection failed ({}); waiting requests answer at their"
                + " time-out until it is back",
            e.getClass().getSimpleName());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  @PreDestroy
  public void stop() throws InterruptedException {
    running = false;
    Thread t = listener;
    if (t != null) {
      t.interrupt();
      t.join(3000);
    }
  }
}
