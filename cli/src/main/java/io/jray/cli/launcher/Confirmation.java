package io.jray.cli.launcher;

import io.jray.cli.CliException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The "[y/N]" question before a command changes a cluster; {@code -y} answers it. */
final class Confirmation {
  private Confirmation() {}

  /** Returns when confirmed; otherwise nothing was changed and the command ends with exit 1. */
  static void require(boolean yes, PrintWriter out, String question) {
    if (yes) {
      return;
    }
    out.print(question + " [y/N] ");
    out.flush();
    String answer;
    try {
      answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !(answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
      if (answer == null) {
        out.println();
      }
      throw new CliException("Cancelled: nothing was changed (pass -y to answer yes without being asked).");
    }
  }
}
