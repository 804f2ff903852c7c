package io.jray.bench.peers;

import io.jray.bench.Trial;
import io.jray.bench.Workload;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;

/**
 * limit_tcp_loopback_roundtrip: one byte to a {@link TcpEchoServer} in another JVM and back, over one loopback
 * connection with Nagle off: the least any request and reply between two processes here can cost.
 */
final class TcpLimit {
  private TcpLimit() {}

  static Workload loopbackRoundtrip() {
    return Workload.of("limit_tcp_loopback_roundtrip", s ->
        Trials.againstServer(TcpEchoServer.class, List.of(), List.of(), server -> {
          Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
          return Trials.owning(socket, () -> close(socket), TcpLimit::pingPong);
        }));
  }

  private static Trial pingPong(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    socket.setSoTimeout((int) PeerSettings.CALL_TIMEOUT.toMillis());
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    return Trial.of(1, () -> {
      out.write(1);
      out.flush();
      if (in.read() < 0) {
        throw new EOFException("the echo server closed the connection");
      }
    });
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
