package io.jray.cli.launcher;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import io.jray.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Vector;
import java.util.stream.Stream;

/**
 * Copies a file or a folder between this machine and a host over SFTP, as {@code rsync -a} would: a folder's
 * contents go into the destination folder (made if missing), a file onto the destination (or into it when it is a
 * folder), and a file whose size and modification time already match is skipped (rsync's quick check).
 * Modification times and permission bits travel with the files. Symbolic links are followed. A download trusts
 * nothing the host lists: a name that is not a plain file name ({@code ../x}, {@code a/b}) and a link that leads out
 * of the source folder are refused before anything of that folder is copied.
 */
final class FileSync {
  private static final int NO_SUCH_FILE = ChannelSftp.SSH_FX_NO_SUCH_FILE;

  /** How many files were copied and how many were already up to date. */
  record Counts(int copied, int unchanged) {
    Counts plus(Counts other) {
      return new Counts(copied + other.copied, unchanged + other.unchanged);
    }

    @Override
    public String toString() {
      return copied + " file" + (copied == 1 ? "" : "s") + " copied, " + unchanged + " already up to date";
    }
  }

  private FileSync() {}

  /** Local {@code source} to {@code destination} on the host (relative and ~ paths are under the user's home). */
  static Counts upload(SshSession ssh, Path source, String destination) {
    if (!Files.exists(source)) {
      throw new CliException("The local path " + source + " does not exist.");
    }
    ChannelSftp sftp = ssh.sftp();
    String target = ssh.absolute(destination);
    try {
      if (Files.isRegularFile(source)) {
        SftpATTRS existing = stat(sftp, target);
        if (existing != null && existing.isDir() || destination.endsWith("/")) {
          target = join(target, source.getFileName().toString());
        }
        makeFolders(sftp, parent(target));
        return uploadFile(sftp, source, target);
      }
      return uploadTree(sftp, source, target);
    } catch (SftpException | IOException e) {
      throw new CliException("Copying " + source + " to " + ssh.host() + ":" + target + " failed: " + e.getMessage() + ".");
    }
  }

  /** {@code source} on the host to local {@code destination}. */
  static Counts download(SshSession ssh, String source, Path destination) {
    ChannelSftp sftp = ssh.sftp();
    String from = ssh.absolute(source);
    try {
      SftpATTRS attrs = stat(sftp, from);
      if (attrs == null) {
        throw new CliException(ssh.host() + " has no file or folder " + from + ".");
      }
      if (attrs.isDir()) {
        String root = sftp.realpath(from);
        return downloadTree(sftp, new Tree(ssh.host(), root, new HashSet<>(Set.of(root))), root, destination);
      }
      Path target = destination;
      if (Files.isDirectory(destination) || destination.toString().endsWith("/")) {
        target = destination.resolve(from.substring(from.lastIndexOf('/') + 1));
      }
      Files.createDirectories(target.toAbsolutePath().getParent());
      return downloadFile(sftp, from, attrs, target);
    } catch (SftpException | IOException e) {
      throw new CliException("Copying " + ssh.host() + ":" + from + " to " + destination + " failed: " + e.getMessage() + ".");
    }
  }

  private static Counts uploadTree(ChannelSftp sftp, Path folder, String target) throws SftpException, IOException {
    makeFolders(sftp, target);
    Counts counts = new Counts(0, 0);
    List<Path> children;
    try (Stream<Path> list = Files.list(folder)) {
      children = list.sorted().toList();
    }
    for (Path child : children) {
      String remote = join(target, child.getFileName().toString());
      counts = counts.plus(Files.isDirectory(child) ? uploadTree(sftp, child, remote) : uploadFile(sftp, child, remote));
    }
    return counts;
  }

  private static Counts uploadFile(ChannelSftp sftp, Path file, String target) throws SftpException, IOException {
    long size = Files.size(file);
    int mtime = (int) (Files.getLastModifiedTime(file).toMillis() / 1000);
    SftpATTRS existing = stat(sftp, target);
    if (existing != null && !existing.isDir() && existing.getSize() == size && existing.getMTime() == mtime) {
      return new Counts(0, 1);
    }
    try (InputStream in = Files.newInputStream(file)) {
      sftp.put(in, target, ChannelSftp.OVERWRITE);
    }
    sftp.chmod(permissionBits(file), target);
    sftp.setMtime(target, mtime);
    return new Counts(1, 0);
  }

  /** The folder a download copies: the host, its real path, and the real folders entered so far (links loop). */
  private record Tree(String host, String root, Set<String> entered) {
    boolean contains(String realPath) {
      return realPath.equals(root) || realPath.startsWith(root.endsWith("/") ? root : root + "/");
    }
  }

  private static Counts downloadTree(ChannelSftp sftp, Tree tree, String folder, Path target)
      throws SftpException, IOException {
    List<ChannelSftp.LsEntry> entries = new ArrayList<>();
    @SuppressWarnings("unchecked")
    Vector<ChannelSftp.LsEntry> listed = sftp.ls(folder);
    for (ChannelSftp.LsEntry e : listed) {
      String name = e.getFilename();
      if (name.equals(".") || name.equals("..")) {
        continue;
      }
      if (name.isEmpty() || name.contains("/") || name.contains("\0")) {
        throw new CliException(tree.host() + " listed an entry named '" + name + "' in " + folder + ", which is not"
            + " a plain file name, so nothing of that folder was copied; check the host.");
      }
      entries.add(e);
    }
    entries.sort((a, b) -> a.getFilename().compareTo(b.getFilename()));
    List<Entry> checked = new ArrayList<>();
    for (ChannelSftp.LsEntry e : entries) {
      String remote = join(folder, e.getFilename());
      checked.add(e.getAttrs().isLink() ? linkInside(sftp, tree, remote)
          : new Entry(remote, e.getAttrs(), e.getAttrs().isDir() ? sftp.realpath(remote) : remote));
    }
    Files.createDirectories(target);
    Counts counts = new Counts(0, 0);
    for (Entry e : checked) {
      Path local = target.resolve(e.remote().substring(e.remote().lastIndexOf('/') + 1));
      if (e.attrs().isDir() && !tree.entered().add(e.real())) {
        continue; // a link back to a folder being copied: copying it again would never end
      }
      counts = counts.plus(e.attrs().isDir() ? downloadTree(sftp, tree, e.remote(), local)
          : downloadFile(sftp, e.remote(), e.attrs(), local));
    }
    return counts;
  }

  /** A listed entry to copy: its path on the host, what it is (a link's target's attributes) and its real path. */
  private record Entry(String remote, SftpATTRS attrs, String real) {}

  /** What the link {@code remote} points to, if that is inside the source folder; else the download is refused. */
  private static Entry linkInside(ChannelSftp sftp, Tree tree, String remote) throws SftpException {
    String pointsTo = sftp.readlink(remote);
    String absolute = Path.of(pointsTo.startsWith("/") ? pointsTo : join(parent(remote), pointsTo)).normalize()
        .toString();
    // The host's own resolution too, in case the target's path itself passes through links.
    String real = stat(sftp, absolute) == null ? absolute : sftp.realpath(absolute);
    if (!tree.contains(absolute) || !tree.contains(real)) {
      throw new CliException(tree.host() + ":" + remote + " is a link to " + pointsTo + ", outside the folder "
          + tree.root() + " being copied, so nothing of that folder was copied; copy its target by its own path.");
    }
    return new Entry(remote, sftp.stat(remote), real);
  }

  private static Counts downloadFile(ChannelSftp sftp, String remote, SftpATTRS attrs, Path target)
      throws SftpException, IOException {
    if (Files.isRegularFile(target) && Files.size(target) == attrs.getSize()
        && Files.getLastModifiedTime(target).toMillis() / 1000 == attrs.getMTime()) {
      return new Counts(0, 1);
    }
    try (OutputStream out = Files.newOutputStream(target)) {
      sftp.get(remote, out);
    }
    Files.setLastModifiedTime(target, FileTime.fromMillis(attrs.getMTime() * 1000L));
    Files.setPosixFilePermissions(target, permissions(attrs.getPermissions()));
    return new Counts(1, 0);
  }

  /** Makes a remote folder and its missing parents. */
  private static void makeFolders(ChannelSftp sftp, String folder) throws SftpException {
    SftpATTRS attrs = stat(sftp, folder);
    if (attrs != null) {
      if (!attrs.isDir()) {
        throw new SftpException(ChannelSftp.SSH_FX_FAILURE, folder + " exists and is not a folder");
      }
      return;
    }
    makeFolders(sftp, parent(folder));
    sftp.mkdir(folder);
  }

  private static SftpATTRS stat(ChannelSftp sftp, String path) throws SftpException {
    try {
      return sftp.stat(path);
    } catch (SftpException e) {
      if (e.id == NO_SUCH_FILE) {
        return null;
      }
      throw e;
    }
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  private static String join(String folder, String name) {
    return folder.endsWith("/") ? folder + name : folder + "/" + name;
  }

  private static int permissionBits(Path file) throws IOException {
    int bits = 0;
    for (PosixFilePermission p : Files.getPosixFilePermissions(file)) {
      bits |= 1 << (8 - p.ordinal());
    }
    return bits;
  }

  private static Set<PosixFilePermission> permissions(int bits) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((bits & (1 << (8 - p.ordinal()))) != 0) {
        set.add(p);
      }
    }
    return set;
  }
}
