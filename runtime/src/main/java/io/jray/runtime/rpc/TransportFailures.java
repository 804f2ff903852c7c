package io.jray.runtime.rpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The one sentence for a call that failed because its two ends do not agree on TLS: one side uses it and the
 * other does not, a certificate another CA signed, no client certificate. Null when the failure is something else.
 */
public final class TransportFailures {
  private TransportFailures() {}

  public static String describe(StatusRuntimeException e, Object where) {
    Status.Code code = e.getStatus().getCode();
    String description = String.valueOf(e.getStatus().getDescription()).toLowerCase(Locale.ROOT);
    if (code == Status.Code.UNAUTHENTICATED && description.contains("client certificate")) {
      return "The jray cluster at " + where + " refused this process's TLS client certificate (it takes only ones its"
          + " CA signed); set JRAY_TLS_SERVER_CERT, JRAY_TLS_SERVER_KEY and JRAY_TLS_CA_CERT to the cluster's files.";
    }
    if (code != Status.Code.UNAVAILABLE) {
      return null;
    }
    boolean tls = ClusterTls.enabled();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t.getClass().getSimpleName().equals("NotSslRecordException") || message.contains("not an ssl/tls record")
          || message.contains("wrong_version_number") || message.contains("http_request")) {
        return "The jray cluster at " + where + " does not use TLS; unset JRAY_USE_TLS for this process, or start the"
            + " cluster with JRAY_USE_TLS=1.";
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof CertificateException || message.contains("certificate") || message.contains("pkix")) {
        return "The jray cluster at " + where + " and this process do not trust each other's TLS certificates (another"
            + " CA signed them); set JRAY_TLS_SERVER_CERT, JRAY_TLS_SERVER_KEY and JRAY_TLS_CA_CERT to the cluster's"
            + " files.";
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (tls && t instanceof SSLException) {
        return "The TLS handshake with the jray cluster at " + where + " failed (" + t.getMessage() + "); check that"
            + " it uses TLS with the same CA (JRAY_TLS_CA_CERT).";
      }
    }
    // A TLS server drops a plaintext client's HTTP/2 preface: closed or reset, never refused.
    if (!tls && (description.contains("network closed") || causedBy(e, "connection reset"))) {
      return "The jray cluster at " + where + " closed the connection without answering; if it uses TLS, set"
          + " JRAY_USE_TLS=1 and its certificates (see 'jray tls init') for this process.";
    }
    return null;
  }

  private static boolean causedBy(Throwable e, String text) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains(text)) {
        return true;
      }
    }
    return false;
  }
}
