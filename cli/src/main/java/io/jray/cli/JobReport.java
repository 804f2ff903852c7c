package io.jray.cli;

import com.google.gson.GsonBuilder;
import io.jray.proto.JobSubmission;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders submitted jobs as a table or JSON, as {@code ray job list/status} shows them. */
final class JobReport {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private JobReport() {}

  static String table(List<JobSubmission> jobs) {
    if (jobs.isEmpty()) {
      return "No jobs.\n";
    }
    StringBuilder out = new StringBuilder(String.format("%-28s %-10s %-19s %-19s %s%n",
        "JOB ID", "STATUS", "START TIME", "END TIME", "ENTRYPOINT"));
    for (JobSubmission j : jobs) {
      out.append(String.format("%-28s %-10s %-19s %-19s %s%n", j.getSubmissionId(), j.getState(),
          time(j.getStartTimeMs()), time(j.getEndTimeMs()), j.getEntrypoint()));
    }
    return out.toString();
  }

  static String json(List<JobSubmission> jobs) {
    List<Map<String, Object>> list = new ArrayList<>();
    jobs.forEach(j -> list.add(map(j)));
    return new GsonBuilder().setPrettyPrinting().create().toJson(list) + "\n";
  }

  static String json(JobSubmission job) {
    return new GsonBuilder().setPrettyPrinting().create().toJson(map(job)) + "\n";
  }

  static String status(JobSubmission j) {
    return "Job '" + j.getSubmissionId() + "': " + j.getState()
        + (j.getMessage().isEmpty() ? "" : " (" + j.getMessage() + ")") + "\n"
        + "  entrypoint: " + j.getEntrypoint() + "\n"
        + "  start: " + time(j.getStartTimeMs()) + ", end: " + time(j.getEndTimeMs()) + "\n"
        + "  log: " + j.getLogPath() + "\n";
  }

  private static Map<String, Object> map(JobSubmission j) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("submission_id", j.getSubmissionId());
    m.put("status", j.getState().name());
    m.put("entrypoint", j.getEntrypoint());
    m.put("start_time", j.getStartTimeMs());
    m.put("end_time", j.getEndTimeMs() == 0 ? null : j.getEndTimeMs());
    m.put("exit_code", j.getEndTimeMs() == 0 ? null : j.getExitCode());
    m.put("message", j.getMessage());
    m.put("driver_pid", j.getDriverPid());
    m.put("log_path", j.getLogPath());
    return m;
  }

  private static String time(long ms) {
    return ms == 0 ? "-" : TIME.format(Instant.ofEpochMilli(ms));
  }
}
