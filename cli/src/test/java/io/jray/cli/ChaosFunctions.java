package io.jray.cli;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

/** What the chaos workload runs in workers: pure functions of their arguments, so every result can be checked. */
public final class ChaosFunctions {
  private ChaosFunctions() {}

  /** {@code size} bytes, the same for the same seed (the driver computes them too, to check). */
  public static byte[] bytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  public static long crc(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return crc.getValue();
  }

  /** One link of a chain: each byte plus the link's number, so a link run on the wrong input shows. */
  public static byte[] step(byte[] data, int link) {
    byte[] next = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      next[i] = (byte) (data[i] + link + 1);
    }
    return next;
  }

  /** Values this worker puts (and so owns), handed back as nested refs. */
  public static List<ObjectRef<byte[]>> puts(int count, int size, long seed) {
    List<ObjectRef<byte[]>> refs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      refs.add(Ray.put(bytes(size, seed + i)));
    }
    return refs;
  }

  /** Reads nested refs in the worker: the sum of their CRCs. */
  public static long crcOfAll(List<ObjectRef<byte[]>> refs) {
    long sum = 0;
    for (ObjectRef<byte[]> ref : refs) {
      sum += crc(ref.get(120_000));
    }
    return sum;
  }

  /** An actor whose calls are pure (checkable after any restart) and that counts its calls since it started. */
  public static final class Digester {
    private long calls;

    public Digester() {}

    public long digest(int size, long seed) {
      calls++;
      return crc(bytes(size, seed));
    }

    public long calls() {
      return calls;
    }
  }
}
