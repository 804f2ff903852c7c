package io.jray.runtime.rpc;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.jray.runtime.config.JrayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Mutual TLS for every gRPC connection of a cluster, when {@code JRAY_USE_TLS} is on: the SSL contexts servers
 * and clients are built with, made once per set of files. Every process presents the same certificate (server
 * and client use), and the only issuer trusted for a peer is the cluster CA. Host names are not checked: nodes
 * come and go by IP, and a certificate signed by the cluster's own CA is what proves a peer belongs to it.
 * Thread-safe.
 */
public final class ClusterTls {
  /**
   * The folder {@code jray tls init} writes into by default, and where the files are looked for: under $HOME (as
   * the shell sees it, so the files {@code jray up} copies to {@code ~/.jray/tls} are found), else user.home.
   */
  public static Path defaultDir() {
    return io.jray.runtime.files.JrayHome.dir().resolve("tls");
  }

  /** The three files of a node's TLS identity. */
  public record TlsFiles(Path serverCert, Path serverKey, Path caCert) {}

  private record Contexts(TlsFiles files, SslContext server, SslContext client) {}

  private static volatile Contexts cached;

  private ClusterTls() {}

  public static boolean enabled() {
    return JrayConfig.USE_TLS.get();
  }

  /** The files in effect: each setting, else its file in {@link #defaultDir()}. */
  public static TlsFiles files() {
    return new TlsFiles(pick(JrayConfig.TLS_SERVER_CERT.get(), "server.crt"),
        pick(JrayConfig.TLS_SERVER_KEY.get(), "server.key"), pick(JrayConfig.TLS_CA_CERT.get(), "ca.crt"));
  }

  /** The server side: presents the certificate, asks for a client's and checks it against the CA when sent. */
  static SslContext serverContext() {
    return contexts().server;
  }

  /** The client side: presents the certificate and trusts servers whose certificate the cluster CA signed. */
  static SslContext clientContext() {
    return contexts().client;
  }

  /**
   * The JDK's SSL context for the HTTPS endpoints (dashboard, metrics): the same certificate and key as the gRPC
   * servers. A browser or Prometheus is no cluster member, so no client certificate is asked for: the token is.
   */
  public static javax.net.ssl.SSLContext httpsServerContext() {
    TlsFiles files = files();
    require(files.serverCert(), JrayConfig.TLS_SERVER_CERT.envName());
    require(files.serverKey(), JrayConfig.TLS_SERVER_KEY.envName());
    try (InputStream in = Files.newInputStream(files.serverCert())) {
      java.security.cert.Certificate[] chain = CertificateFactory.getInstance("X.509").generateCertificates(in)
          .toArray(new java.security.cert.Certificate[0]);
      String pem = Files.readString(files.serverKey());
      byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
      java.security.spec.PKCS8EncodedKeySpec spec = new java.security.spec.PKCS8EncodedKeySpec(der);
      java.security.PrivateKey key;
      try {
        key = java.security.KeyFactory.getInstance("EC").generatePrivate(spec);
      } catch (java.security.spec.InvalidKeySpecException e) {
        key = java.security.KeyFactory.getInstance("RSA").generatePrivate(spec);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] none = new char[0];
      store.setKeyEntry("jray", key, none, chain);
      javax.net.ssl.KeyManagerFactory keys =
          javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, none);
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw misconfigured("The TLS files " + files.serverCert() + " and " + files.serverKey()
          + " cannot be used for HTTPS (" + e.getMessage() + "); make new ones with 'jray tls init'.", e);
    }
  }

  private static Path pick(String configured, String name) {
    return configured == null || configured.isBlank() ? defaultDir().resolve(name) : Path.of(configured);
  }

  private static Contexts contexts() {
    TlsFiles files = files();
    Contexts current = cached;
    if (current != null && current.files.equals(files)) {
      return current;
    }
    synchronized (ClusterTls.class) {
      if (cached == null || !cached.files.equals(files)) {
        cached = build(files);
      }
      return cached;
    }
  }

  private static Contexts build(TlsFiles files) {
    require(files.serverCert(), JrayConfig.TLS_SERVER_CERT.envName());
    require(files.serverKey(), JrayConfig.TLS_SERVER_KEY.envName());
    require(files.caCert(), JrayConfig.TLS_CA_CERT.envName());
    try {
      X509ExtendedTrustManager trust = caOnly(files.caCert());
      SslContext server = GrpcSslContexts.configure(
              SslContextBuilder.forServer(files.serverCert().toFile(), files.serverKey().toFile()))
          .trustManager(trust)
          // Asked for, not required: the health service answers probes that have none (Kubernetes, grpc_health_probe);
          // every other service refuses a call without one (ClientCertificateInterceptor).
          .clientAuth(ClientAuth.OPTIONAL)
          .build();
      SslContext client = GrpcSslContexts.forClient()
          .keyManager(files.serverCert().toFile(), files.serverKey().toFile())
          .trustManager(trust)
          .build();
      return new Contexts(files, server, client);
    } catch (SSLException | IllegalArgumentException e) {
      throw misconfigured("The TLS files " + files.serverCert() + " and " + files.serverKey()
          + " cannot be used (" + e.getMessage() + "); make new ones with 'jray tls init'.", e);
    }
  }

  private static void require(Path file, String variable) {
    if (!Files.isReadable(file)) {
      throw misconfigured("TLS is on (JRAY_USE_TLS) but " + file + " cannot be read; run 'jray tls init'"
          + " or set " + variable + " to the file.", null);
    }
  }

  /**
   * A TLS setting that cannot work, as one sentence: an UncheckedIOException, which the CLI prints as it is (exit 1)
   * and a daemon or Ray.init reports in its error.
   */
  private static java.io.UncheckedIOException misconfigured(String sentence, Throwable cause) {
    return new java.io.UncheckedIOException(sentence, new IOException(sentence, cause));
  }

  /** A trust manager for the cluster CA alone that checks chains but not host names. */
  private static X509ExtendedTrustManager caOnly(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      Collection<? extends java.security.cert.Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw misconfigured("The CA file " + caFile + " holds no certificate; run 'jray tls init'.", null);
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (java.security.cert.Certificate cert : certs) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (javax.net.ssl.TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          return new ChainOnlyTrustManager(x509);
        }
      }
      throw new IllegalStateException("no X.509 trust manager");
    } catch (IOException | GeneralSecurityException e) {
      throw misconfigured("The CA file " + caFile + " cannot be read (" + e.getMessage()
          + "); run 'jray tls init'.", e);
    }
  }

  /**
   * Delegates chain checks to the CA's trust manager and drops the endpoint identification grpc-java asks the
   * engine for (the "HTTPS" host name check), which an extended trust manager would otherwise apply.
   */
  private static final class ChainOnlyTrustManager extends X509ExtendedTrustManager {
    private final X509TrustManager ca;

    ChainOnlyTrustManager(X509TrustManager ca) {
      this.ca = ca;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      ca.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      ca.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      ca.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      ca.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      ca.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      ca.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return ca.getAcceptedIssuers();
    }
  }
}
