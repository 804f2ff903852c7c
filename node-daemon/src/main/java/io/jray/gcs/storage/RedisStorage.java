package io.jray.gcs.storage;

import com.google.protobuf.ByteString;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.Backoff;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The GCS's tables in Redis ({@code --storage=redis://[user@]host:port}), as Ray's GCS fault tolerance keeps them:
 * one Redis hash per table, named {@code jray:<namespace>:<table>}, so several clusters share one Redis by
 * namespace ({@code external_storage_namespace}). A write is one MULTI/EXEC transaction; Redis's own persistence
 * (AOF, replication) decides how durable it is. A Redis that does not answer is retried with backoff for
 * {@code storage_write_timeout_ms}: the GCS is then as good as down, and comes back with Redis.
 */
public final class RedisStorage implements TableStorage {
  private static final Logger LOG = Logger.getLogger(RedisStorage.class.getName());

  private final String where;
  private final String namespace;
  private final RedisClient client;

  private RedisStorage(String where, String namespace, RedisClient client) {
    this.where = where;
    this.namespace = namespace;
    this.client = client;
  }

  /**
   * Connects and checks that Redis answers (and takes the password).
   *
   * @param password null when Redis needs none
   * @throws StorageException when Redis does not answer or refuses the credentials
   */
  public static RedisStorage open(String host, int port, String user, String password, String namespace) {
    String where = "redis://" + (user == null ? "" : user + "@") + host + ":" + port;
    int timeout = (int) Math.min(Integer.MAX_VALUE, JrayConfig.RPC_TIMEOUT_MS.get());
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(Math.min(timeout, 5000)).socketTimeoutMillis(timeout).clientName("jray-gcs");
    if (user != null) {
      config.user(user);
    }
    if (password != null) {
      config.password(password);
    }
    RedisClient client = RedisClient.builder().hostAndPort(host, port).clientConfig(config.build()).build();
    try {
      client.ping();
    } catch (JedisDataException e) {
      client.close();
      throw new StorageException("The Redis at " + where + " refused the GCS (" + e.getMessage() + "); set its "
          + "password in JRAY_REDIS_PASSWORD or --storage-password-file.", e);
    } catch (RuntimeException e) {
      client.close();
      throw new StorageException("No Redis answers at " + where + " (" + rootMessage(e) + "); start it, or check "
          + "the --storage address.", e);
    }
    return new RedisStorage(where, namespace, client);
  }

  private byte[] hash(Table table) {
    return ("jray:" + namespace + ":" + table.storedName()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public StoredTables load() {
    return retrying("load its tables", () -> {
      StoredTables tables = StoredTables.empty();
      for (Table table : Table.values()) {
        Map<byte[], byte[]> rows = client.hgetAll(hash(table));
        rows.forEach((k, v) -> tables.apply(Change.put(table, ByteString.copyFrom(k), ByteString.copyFrom(v))));
      }
      LOG.info("GCS storage " + where + " namespace=" + namespace + " loaded: " + tables.size() + " rows");
      return tables;
    });
  }

  @Override
  public void write(List<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    retrying("write", () -> {
      try (AbstractTransaction tx = client.multi()) {
        for (Change c : changes) {
          if (c.deleted()) {
            tx.hdel(hash(c.table()), c.key().toByteArray());
          } else {
            tx.hset(hash(c.table()), c.key().toByteArray(), c.value().toByteArray());
          }
        }
        List<Object> results = tx.exec();
        for (Object result : results == null ? List.<Object>of() : results) {
          if (result instanceof RuntimeException failed) {
            throw failed; // one command of the transaction was refused (e.g. OOM): the write did not happen
          }
        }
      }
      return null;
    });
  }

  /** Runs {@code call}, retrying while Redis does not answer, up to {@code storage_write_timeout_ms}. */
  private <T> T retrying(String what, Supplier<T> call) {
    long deadline = System.currentTimeMillis() + JrayConfig.STORAGE_WRITE_TIMEOUT_MS.get();
    Backoff backoff = Backoff.standard();
    int failures = 0;
    while (true) {
      try {
        T result = call.get();
        if (failures > 0) {
          LOG.info("the Redis at " + where + " answers again after " + failures + " failed tries");
        }
        return result;
      } catch (JedisDataException e) {
        if (e.getMessage() == null || !e.getMessage().startsWith("LOADING")) {
          throw new StorageException("The Redis at " + where + " refused a GCS " + what + " (" + rootMessage(e)
              + "); check its state (memory, persistence, replication).", e);
        }
        failures++; // Redis is loading its data after a restart: as good as not answering yet
        if (sleptPast(deadline, backoff.delayMs(failures), e)) {
          throw new StorageException("The Redis at " + where + " was still loading after "
              + JrayConfig.STORAGE_WRITE_TIMEOUT_MS.get() / 1000 + " s, so the GCS could not " + what + ".", e);
        }
      } catch (JedisConnectionException e) {
        failures++;
        if (failures == 1) {
          LOG.warning("the Redis at " + where + " does not answer (" + rootMessage(e) + "); retrying until it does");
        }
        long wait = backoff.delayMs(failures);
        if (System.currentTimeMillis() + wait > deadline) {
          throw new StorageException("The Redis at " + where + " did not answer for "
              + JrayConfig.STORAGE_WRITE_TIMEOUT_MS.get() / 1000 + " s, so the GCS could not " + what + ".", e);
        }
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new StorageException("Interrupted while waiting for the Redis at " + where + ".", e);
        }
      }
    }
  }

  /** Sleeps {@code wait} ms unless that passes the deadline; true when it would have. */
  private static boolean sleptPast(long deadline, long wait, RuntimeException cause) {
    if (System.currentTimeMillis() + wait > deadline) {
      return true;
    }
    try {
      Thread.sleep(wait);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw cause;
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    List<Throwable> seen = new ArrayList<>();
    while (root.getCause() != null && !seen.contains(root.getCause())) {
      seen.add(root);
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
    return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public String describe() {
    return where;
  }

  @Override
  public void close() {
    client.close();
  }
}
