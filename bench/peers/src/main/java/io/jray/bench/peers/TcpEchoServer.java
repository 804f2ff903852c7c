package io.jray.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The server JVM of limit_tcp_loopback_roundtrip: on 127.0.0.1 and a free port, answers each byte with that byte,
 * one connection at a time, on its main thread. {@code java ... TcpEchoServer}; it runs until SIGTERM or until its
 * parent exits.
 */
public final class TcpEchoServer {
  private TcpEchoServer() {}

  public static void main(String[] args) throws IOException {
    ChildSide.exitWithParent();
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ChildSide.announcePort(listener.getLocalPort());
      while (true) {
        try (Socket socket = listener.accept()) {
          socket.setTcpNoDelay(true);
          echo(socket.getInputStream(), socket.getOutputStream());
        }
      }
    }
  }

  private static void echo(InputStream in, OutputStream out) throws IOException {
    for (int b = in.read(); b >= 0; b = in.read()) {
      out.write(b);
      out.flush();
    }
  }
}
