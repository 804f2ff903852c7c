package io.jray.runtime.files;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A folder or file of jray's state that another user could have planted or changed; the message is the one
 * sentence for the user (what, who owns it, what to do). Unchecked, so it passes through code that only
 * expects I/O trouble and reaches the CLI's error handler as one sentence.
 */
public final class NotPrivateException extends UncheckedIOException {
  public NotPrivateException(String sentence) {
    super(sentence, new IOException(sentence));
  }
}
