package io.jray.cli.launcher;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The shell command lines the launcher runs on a host (POSIX sh), and the quoting they need. The SSH server runs
 * each in the user's login shell, so {@code jray} must be on the PATH of a non-interactive SSH session.
 */
final class RemoteCommands {
  /** A line of {@code jray start}'s output that names the head's address (the stable line of its next steps). */
  private static final Pattern ADDRESS_LINE = Pattern.compile("jray start --address='([^']+)'");
  /** A command line that runs {@code jray start}, to which a pool's options are appended. */
  private static final Pattern JRAY_START = Pattern.compile("(^|[\\s/;&|])jray\\s+start(\\s|$)");

  private RemoteCommands() {}

  /** One shell word, whatever it holds. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  static String quoteAll(List<String> words) {
    return words.stream().map(RemoteCommands::quote).collect(Collectors.joining(" "));
  }

  /**
   * Writes its standard input (the cluster token) to the host's token file with mode 0600: the file jray reads
   * there, {@code $JRAY_AUTH_TOKEN_FILE} or {@code ~/.jray/auth_token}. The token never appears on a command line.
   */
  static String writeTokenFromStdin() {
    return "umask 077 && f=\"${JRAY_AUTH_TOKEN_FILE:-$HOME/.jray/auth_token}\" && mkdir -p \"$(dirname \"$f\")\""
        + " && cat > \"$f.tmp\" && chmod 600 \"$f.tmp\" && mv -f \"$f.tmp\" \"$f\"";
  }

  /**
   * Writes its standard input to {@code ~/.jray/tls/<name>} on the host (folder 0700, file 0600), where jray looks
   * for its TLS files when JRAY_USE_TLS=1 is set alone. Like the token, the bytes travel only on the channel.
   */
  static String writeTlsFileFromStdin(String name) {
    return "umask 077 && d=\"$HOME/.jray/tls\" && mkdir -p \"$d\" && chmod 700 \"$d\""
        + " && cat > \"$d/" + name + ".tmp\" && chmod 600 \"$d/" + name + ".tmp\" && mv -f \"$d/" + name + ".tmp\" \"$d/"
        + name + "\"";
  }

  /**
   * What every jray command run on a host needs in its environment to speak to the cluster the way this operator
   * does: JRAY_USE_TLS=1 when TLS is on here (the host's files are then the ones {@code up} copied there).
   */
  static Map<String, String> clusterEnvironment() {
    return io.jray.runtime.rpc.ClusterTls.enabled() ? Map.of("JRAY_USE_TLS", "1") : Map.of();
  }

  /** Stops whatever jray runs on the host from its default temp dir; exit 127 means jray is not installed. */
  static String stop() {
    return "jray stop";
  }

  /** The cluster as JSON, asked on the head itself (its GCS port need not be reachable from here). */
  static String status(String address) {
    return exports(clusterEnvironment()) + "jray status --format=json --address=" + quote(address);
  }

  /** The setup commands, in order, stopping at the first that fails. */
  static String setup(Map<String, String> env, List<String> commands) {
    return exports(env) + "set -e\n" + String.join("\n", commands) + "\n";
  }

  /**
   * Runs the start commands detached from the SSH session: in a session of their own ({@code setsid}, else
   * {@code nohup}), with no terminal and their output in a file, so the daemons they leave behind neither hold
   * the SSH channel open nor get its hang-up. The output is printed once they end, and the exit status kept.
   */
  static String detachedStart(Map<String, String> env, List<String> commands) {
    String script = exports(env) + "set -e\n" + String.join("\n", commands) + "\n";
    return "log=\"$(mktemp \"${TMPDIR:-/tmp}/jray-up.XXXXXX\")\" || exit 1\n"
        + "if command -v setsid >/dev/null 2>&1; then detach='setsid -w'; else detach=nohup; fi\n"
        + "$detach /bin/sh -c " + quote(script) + " </dev/null >\"$log\" 2>&1\n"
        + "rc=$?\ncat \"$log\"\nrm -f \"$log\"\nexit $rc\n";
  }

  /** The head's address from its start output, or null when no line names it. */
  static String headAddress(String startOutput) {
    String address = null;
    Matcher m = ADDRESS_LINE.matcher(startOutput);
    while (m.find()) {
      address = m.group(1);
    }
    return address;
  }

  /** Where the head's address is when the start output did not say: the address file of its default temp dir. */
  static String readAddressFile() {
    return "cat \"${JRAY_TMPDIR:-/tmp/jray-$(id -un)}/jray_current_cluster\"";
  }

  /** The worker start commands, each {@code jray start} line with the pool's options appended (quoted). */
  static List<String> withOptions(List<String> commands, List<String> options) {
    if (options.isEmpty()) {
      return commands;
    }
    return commands.stream().map(c -> JRAY_START.matcher(c).find() ? c + " " + quoteAll(options) : c).toList();
  }

  /** {@code export K='v' ...;} for the launcher's variables (JRAY_HEAD_IP, JRAY_NODE_IP, ...). */
  static String exports(Map<String, String> env) {
    if (env.isEmpty()) {
      return "";
    }
    return "export " + env.entrySet().stream().map(e -> e.getKey() + "=" + quote(e.getValue()))
        .collect(Collectors.joining(" ")) + "\n";
  }
}
