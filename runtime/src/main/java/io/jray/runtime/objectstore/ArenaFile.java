package io.jray.runtime.objectstore;

import io.jray.runtime.files.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens a store's arena for mapping, but only the store's own: not through a symlink, and only if the file and
 * its folder belong to this user and nobody else may read or write them. A folder squatted in /dev/shm, or an
 * arena swapped in it, would otherwise hand every object this process writes to another user.
 */
public final class ArenaFile {
  private static final String OTHERWISE = "connect only to an object store this user started";

  private ArenaFile() {}

  public static FileChannel open(Path arena) throws IOException {
    FileChannel channel = FileChannel.open(arena, StandardOpenOption.READ, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
    try {
      PrivateFiles.checkDir(arena.getParent(), "shared-memory folder", OTHERWISE);
      PrivateFiles.checkSecret(arena, "object store arena", OTHERWISE);
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }
}
