package io.jray.runtime.rpc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;

/** Whether an address is this host's own: loopback, or one of its interfaces' addresses. */
public final class LocalAddresses {
  private LocalAddresses() {}

  public static boolean isLocal(String ip) {
    if (ip == null || ip.isEmpty()) {
      return false;
    }
    try {
      InetAddress a = InetAddress.getByName(ip);
      return a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
    } catch (IOException e) {
      return false;
    }
  }
}
