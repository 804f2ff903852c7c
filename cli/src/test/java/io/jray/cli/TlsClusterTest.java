package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.cli.tls.ClusterCertificates;
import io.jray.proto.GetClusterStatusRequest;
import io.jray.proto.NodeInfoGcsServiceGrpc;
import io.jray.runtime.Counter;
import io.jray.runtime.TestFunctions;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.config.Setting;
import io.jray.runtime.rpc.RpcChannels;
import io.jray.testing.ClusterHarness;
import io.jray.testing.TestProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS on a real two-node cluster: every jray process speaks it, and a plaintext client, a client whose
 * certificate another CA signed, one with no certificate and a wrong token are each refused with one sentence,
 * while the health service still answers an anonymous probe.
 */
class TlsClusterTest {

  @Test
  void tlsInitWritesPrivateFilesSignedByTheClusterCaAndRefusesToOverwrite() throws Exception {
    try (CliRun cli = CliRun.sandbox()) {
      Path out = cli.dir().resolve("tls");
      CliRun.Result made = cli.run("tls", "init", "--out=" + out).expectExit(ExitCodes.OK);
      assertTrue(made.out().contains("JRAY_USE_TLS=1"), made::toString);
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
      for (String name : ClusterCertificates.FILES) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(name))),
            name);
      }
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      X509Certificate ca = (X509Certificate) x509.generateCertificate(Files.newInputStream(out.resolve("ca.crt")));
      X509Certificate node = (X509Certificate) x509.generateCertificate(Files.newInputStream(out.resolve("server.crt")));
      node.verify(ca.getPublicKey());
      assertTrue(node.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")),
          "the node certificate serves as server and client certificate");
      assertTrue(ca.getBasicConstraints() >= 0, "ca.crt is a CA");

      String before = Files.readString(out.resolve("server.key"));
      CliRun.Result again = cli.run("tls", "init", "--out=" + out).expectExit(ExitCodes.FAILED);
      assertTrue(again.err().contains("already exists; pass --force"), again::toString);
      assertEquals(before, Files.readString(out.resolve("server.key")), "nothing was replaced");

      // TLS on with a certificate that is not there: one sentence that names the file, before any connection.
      Map<String, String> missing = tlsEnvironment(cli.dir().resolve("nowhere"));
      CliRun.Result noFile = cli.run(missing, "status", "--address=127.0.0.1:1");
      assertOneSentence(noFile, "cannot be read; run 'jray tls init'");
      assertTrue(noFile.err().startsWith("TLS is on (JRAY_USE_TLS) but "), () -> "the sentence alone: " + noFile);
    }
  }

  @Test
  void twoNodeClusterWithTlsRunsTasksActorsAndLargeObjectsAndRefusesEveryOtherClient() throws Exception {
    Path dir = Files.createTempDirectory(TestProcesses.root(), "tls-");
    Path tls = dir.resolve("cluster");
    Path other = dir.resolve("other");
    new ClusterCertificates().writeInto(tls, false);
    new ClusterCertificates().writeInto(other, false);
    Map<String, String> props = tlsProperties(tls);
    props.forEach(System::setProperty);
    try (ClusterHarness cluster = ClusterHarness.create().withDashboard();
        CliRun cli = CliRun.sandbox()) {
      io.jray.node.NodeLauncher.StartedNode head = cluster.startHead(spec -> spec.withNumCpus(2.0));
      cluster.addNode(spec -> spec.withNumCpus(2.0).withCustomResources(Map.of("special", 1.0)));
      Ray.init(cluster.gcsAddress().toString());
      try {
        assertEquals(49, Ray.task(TestFunctions::square, 7).remote().get());
        ObjectRef<byte[]> made = Ray.task(TestFunctions::randomBytes, 50, 3L).setResource("special", 1.0).remote();
        assertEquals(TestFunctions.crc(TestFunctions.randomBytes(50, 3L)), TestFunctions.crc(made.get()),
            "50 MB made on the second node arrive whole over TLS");
        ObjectRef<byte[]> put = Ray.put(TestFunctions.randomBytes(50, 4L));
        assertEquals(TestFunctions.crc(TestFunctions.randomBytes(50, 4L)),
            Ray.task(TestFunctions::crc, put).setResource("special", 1.0).remote().get(),
            "50 MB put by the driver arrive whole on the second node");
        ActorHandle<Counter> counter = Ray.actor(Counter::new, 10).setResource("special", 1.0).remote();
        counter.task(Counter::increment, 5).remote().get();
        assertEquals(16, counter.task(Counter::increment, 1).remote().get());
      } finally {
        Ray.shutdown();
      }

      // The dashboard and the metrics endpoints speak HTTPS with the cluster's certificate, and only HTTPS.
      assertTrue(head.dashboardUrl().startsWith("https://127.0.0.1:"), head.dashboardUrl());
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(tls.resolve("ca.crt"))).build();
      String metrics = "https://127.0.0.1:" + head.nodeFile().ports().get("gcs_metrics") + "/metrics";
      for (String url : List.of(head.dashboardUrl() + "/api/version", metrics)) {
        HttpResponse<String> answer = https.send(HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + cluster.token().value()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), url + ": " + answer.body());
        assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(url.replace("https:", "http:"))).timeout(java.time.Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString()), "plain HTTP to " + url);
      }

      String address = "--address=" + cluster.gcsAddress();
      Map<String, String> tlsEnv = tlsEnvironment(tls);
      tlsEnv.put("JRAY_AUTH_TOKEN", cluster.token().value());
      CliRun.Result status = cli.run(tlsEnv, "status", address).expectExit(ExitCodes.OK);
      assertTrue(status.out().contains("Active:") && status.out().split("node_", -1).length - 1 >= 2, status::toString);

      Map<String, String> plain = new HashMap<>(Map.of("JRAY_AUTH_TOKEN", cluster.token().value()));
      assertOneSentence(cli.run(plain, "status", address), "if it uses TLS, set JRAY_USE_TLS=1");

      Map<String, String> otherCa = tlsEnvironment(other);
      otherCa.put("JRAY_AUTH_TOKEN", cluster.token().value());
      assertOneSentence(cli.run(otherCa, "status", address), "do not trust each other's TLS certificates");

      Map<String, String> otherCert = tlsEnvironment(other);
      otherCert.put("JRAY_TLS_CA_CERT", tls.resolve("ca.crt").toString());
      otherCert.put("JRAY_AUTH_TOKEN", cluster.token().value());
      assertOneSentence(cli.run(otherCert, "status", address), "refused this process's TLS client certificate");

      Map<String, String> wrongToken = tlsEnvironment(tls);
      wrongToken.put("JRAY_AUTH_TOKEN", "not-the-token");
      assertOneSentence(cli.run(wrongToken, "status", address), "rejected the cluster token");

      // A probe with TLS but neither token nor client certificate (as Kubernetes' gRPC probes): SERVING, and
      // nothing else answers it.
      ManagedChannel anonymous = NettyChannelBuilder.forAddress(cluster.gcsAddress().host(), cluster.gcsAddress().port())
          .sslContext(GrpcSslContexts.forClient().trustManager(tls.resolve("ca.crt").toFile()).build())
          .overrideAuthority("localhost")
          .build();
      try {
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(anonymous)
            .withDeadlineAfter(10, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()).getStatus());
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () ->
            NodeInfoGcsServiceGrpc.newBlockingStub(anonymous).withCallCredentials(RpcChannels.credentials(cluster.token()))
                .withDeadlineAfter(10, TimeUnit.SECONDS).getClusterStatus(GetClusterStatusRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("client certificate"), refused::toString);
      } finally {
        RpcChannels.close(anonymous);
      }
    } finally {
      props.keySet().forEach(System::clearProperty);
    }
  }

  /** An SSL context that trusts the certificates the cluster CA in {@code caFile} signed. */
  private static javax.net.ssl.SSLContext trusting(Path caFile) throws Exception {
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (var in = Files.newInputStream(caFile)) {
      store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory trust =
        javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static void assertOneSentence(CliRun.Result result, String expected) {
    result.expectExit(ExitCodes.FAILED);
    String err = result.err().strip();
    assertTrue(err.contains(expected), result::toString);
    assertEquals(1, err.lines().count(), () -> "one sentence, no stack trace: " + result);
  }

  /** TLS on with the files in {@code dir}, as -Djray.* properties (for this JVM and what it starts). */
  private static Map<String, String> tlsProperties(Path dir) {
    return tlsSettings(dir, Setting::propertyName, "true");
  }

  /** The same as JRAY_* environment variables (for a CLI process). */
  private static Map<String, String> tlsEnvironment(Path dir) {
    return tlsSettings(dir, Setting::envName, "1");
  }

  private static Map<String, String> tlsSettings(Path dir, Function<Setting<?>, String> name, String on) {
    Map<String, String> settings = new HashMap<>();
    settings.put(name.apply(JrayConfig.USE_TLS), on);
    settings.put(name.apply(JrayConfig.TLS_SERVER_CERT), dir.resolve("server.crt").toString());
    settings.put(name.apply(JrayConfig.TLS_SERVER_KEY), dir.resolve("server.key").toString());
    settings.put(name.apply(JrayConfig.TLS_CA_CERT), dir.resolve("ca.crt").toString());
    return settings;
  }

}
