package io.jray.cli.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a cluster's TLS identity: a CA of its own and one certificate, signed by it, that every node and client
 * presents (for both server and client authentication). EC P-256 keys (a handshake costs a fraction of RSA's),
 * written as PEM: {@code ca.crt}, {@code ca.key}, {@code server.crt}, {@code server.key} (PKCS#8), each created
 * 0600 in one step, in a folder that is 0700.
 */
public final class ClusterCertificates {
  public static final List<String> FILES = List.of("ca.crt", "ca.key", "server.crt", "server.key");
  private static final Duration VALIDITY = Duration.ofDays(3650);
  private static final String SIGNATURE = "SHA256withECDSA";

  private final SecureRandom random = new SecureRandom();

  /** Writes the four files into {@code dir}; refuses to replace existing ones unless {@code replace}. */
  public void writeInto(Path dir, boolean replace) throws IOException {
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    for (String name : FILES) {
      Path file = dir.resolve(name);
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        if (!replace) {
          throw new FileAlreadyExistsException(file.toString());
        }
        Files.delete(file);
      }
    }
    try {
      String id = HexFormat.of().formatHex(random.generateSeed(4));
      KeyPair caKeys = newKeyPair();
      X500Name caName = new X500Name("CN=jray cluster CA " + id + ",O=jray");
      Instant now = Instant.now();
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now.minusSeconds(300)),
          Date.from(now.plus(VALIDITY)), caName, caKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
      X509Certificate caCert = sign(ca, caKeys);

      KeyPair nodeKeys = newKeyPair();
      X509v3CertificateBuilder node = new JcaX509v3CertificateBuilder(caCert, serial(),
          Date.from(now.minusSeconds(300)), Date.from(now.plus(VALIDITY)),
          new X500Name("CN=jray node " + id + ",O=jray"), nodeKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          // Names are not checked by jray (nodes come and go by IP); these serve tools that do check them.
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())}))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(nodeKeys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(caCert));
      X509Certificate nodeCert = sign(node, caKeys);

      writePrivate(dir.resolve("ca.crt"), caCert);
      writePrivate(dir.resolve("ca.key"), new JcaPKCS8Generator(caKeys.getPrivate(), null));
      writePrivate(dir.resolve("server.crt"), nodeCert);
      writePrivate(dir.resolve("server.key"), new JcaPKCS8Generator(nodeKeys.getPrivate(), null));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot make the certificates: " + e.getMessage(), e);
    }
  }

  private KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    return generator.generateKeyPair();
  }

  private BigInteger serial() {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuer.getPrivate())));
  }

  /** Created 0600 in one step (never readable by others, not even for a moment), never through a symlink. */
  private static void writePrivate(Path file, Object pem) throws IOException {
    try (OutputStream out = Files.newOutputStream(Files.createFile(file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
            StandardOpenOption.WRITE);
        Writer text = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
        JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(pem);
    }
  }
}
