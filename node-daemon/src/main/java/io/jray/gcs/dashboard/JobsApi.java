package io.jray.gcs.dashboard;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.jray.gcs.JobSubmissionManager;
import io.jray.gcs.PackageStore;
import io.jray.proto.JobSubmission;
import io.jray.proto.SubmitJobRequest;
import io.jray.runtime.packaging.PackageFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Ray's job REST API over the GCS's {@link JobSubmissionManager}, so a client written for Ray's submits to jray:
 * {@code POST /api/jobs/}, {@code GET /api/jobs/}, {@code GET /api/jobs/{id}}, {@code GET /api/jobs/{id}/logs},
 * {@code POST /api/jobs/{id}/stop}, {@code DELETE /api/jobs/{id}}, {@code GET /api/version}, and the package
 * upload {@code PUT /api/packages/<sha256>.jar} (checked against its name as it is stored). A job's
 * {@code entrypoint} is its main class and arguments; {@code runtime_env.java_jars} names its uploaded jar.
 * Field names and statuses are Ray's.
 */
public final class JobsApi {
  private static final Logger LOG = Logger.getLogger(JobsApi.class.getName());
  /** Ray's job API version its clients check for ({@code ray.dashboard.modules.job.common}). */
  static final String API_VERSION = "3";
  private static final Set<String> RUNTIME_ENV_KEYS = Set.of("java_jars", "env_vars", "jvm_options");
  /** {@code GET /api/jobs/{id}/logs} answers the last this many bytes of a job's log (the GCS heap is small). */
  static final int MAX_LOG_BYTES = 1 << 20;

  private final JobSubmissionManager jobs;
  private final PackageStore packages;
  private final String version;
  private final String sessionName;
  private final Function<String, String> jobIdOfSubmission;

  /**
   * @param version jray's version, answered as {@code ray_version}
   * @param jobIdOfSubmission the id (hex) of the job a submission's driver started, or null while it has none
   */
  public JobsApi(JobSubmissionManager jobs, PackageStore packages, String version, String sessionName,
      Function<String, String> jobIdOfSubmission) {
    this.jobs = jobs;
    this.packages = packages;
    this.version = version;
    this.sessionName = sessionName;
    this.jobIdOfSubmission = jobIdOfSubmission;
  }

  void handle(Http http, String path) throws IOException {
    try {
      route(http, path);
    } catch (StatusRuntimeException e) {
      int status = switch (e.getStatus().getCode()) {
        case NOT_FOUND -> 404;
        case INVALID_ARGUMENT, ALREADY_EXISTS, FAILED_PRECONDITION -> 400;
        default -> 500;
      };
      throw new HttpError(status, e.getStatus().getDescription() != null ? e.getStatus().getDescription()
          : e.getStatus().getCode().toString());
    }
  }

  private void route(Http http, String path) throws IOException {
    List<String> parts = new ArrayList<>(List.of(path.substring("/api/".length()).split("/")));
    parts.removeIf(String::isEmpty);
    if (parts.equals(List.of("version")) && http.method("GET")) {
      http.json(200, Map.of("version", API_VERSION, "ray_version", version, "ray_commit", "",
          "session_name", sessionName));
    } else if (!parts.isEmpty() && parts.get(0).equals("packages")) {
      packages(http, parts);
    } else if (parts.equals(List.of("jobs"))) {
      if (http.method("POST")) {
        String type = http.exchange().getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.trim().toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
          throw new HttpError(415, "Submit a job as JSON: send 'Content-Type: application/json'.");
        }
        JobSubmission job = jobs.submit(submitRequest(http.json()));
        http.json(200, Map.of("job_id", job.getSubmissionId(), "submission_id", job.getSubmissionId()));
      } else if (http.method("GET")) {
        http.json(200, jobs.all().stream().map(this::details).toList());
      } else {
        throw new HttpError(405, "/api/jobs/ takes GET and POST.");
      }
    } else if (parts.size() == 2 && parts.get(0).equals("jobs")) {
      String id = parts.get(1);
      if (http.method("GET")) {
        http.json(200, details(jobs.get(id)));
      } else if (http.method("DELETE")) {
        jobs.delete(id);
        http.json(200, Map.of("deleted", true));
      } else {
        throw new HttpError(405, "/api/jobs/{id} takes GET and DELETE.");
      }
    } else if (parts.size() == 3 && parts.get(0).equals("jobs") && parts.get(2).equals("logs") && http.method("GET")) {
      http.json(200, logs(parts.get(1)));
    } else if (parts.size() == 3 && parts.get(0).equals("jobs") && parts.get(2).equals("stop") && http.method("POST")) {
      http.json(200, Map.of("stopped", jobs.stop(parts.get(1))));
    } else {
      throw new HttpError(404, "No such API: " + http.exchange().getRequestMethod() + " " + path);
    }
  }

  /** {@code PUT /api/packages/[gcs/]<sha256>.jar} stores a jar; {@code GET} says whether it is stored (200/404). */
  private void packages(Http http, List<String> parts) throws IOException {
    String sha256 = sha256OfJarName(parts.get(parts.size() - 1));
    if (parts.size() < 2 || sha256 == null) {
      throw new HttpError(404, "A package is named /api/packages/<sha256>.jar (the SHA-256 of the jar, lower-case hex).");
    }
    if (http.method("GET")) {
      if (!packages.stored(sha256)) {
        throw new HttpError(404, "No package " + sha256 + ".jar is stored.");
      }
      http.json(200, Map.of("sha256", sha256));
      return;
    }
    if (!http.method("PUT")) {
      throw new HttpError(405, "A package takes PUT (upload) and GET (is it stored).");
    }
    String name = sha256 + ".jar";
    long received = 0;
    try (InputStream in = http.body(io.jray.runtime.config.JrayConfig.PACKAGE_MAX_BYTES.get());
        PackageFile file = packages.newUpload(sha256)) {
      byte[] buffer = new byte[1 << 20];
      for (int n; (n = in.read(buffer)) > 0; ) {
        received += n;
        packages.checkUploadSize(name, received);
        file.write(ByteString.copyFrom(buffer, 0, n));
      }
      if (!file.commit()) {
        throw new HttpError(400, "The upload does not match its name's SHA-256 (" + sha256 + "); nothing was stored.");
      }
    }
    LOG.info("stored package " + name + " bytes=" + received + " (job REST API)");
    http.json(200, Map.of("sha256", sha256, "bytes", received));
  }

  /** The SHA-256 a package name {@code <sha256>.jar} carries, or null when it is no such name. */
  static String sha256OfJarName(String name) {
    if (!name.endsWith(".jar")) {
      return null;
    }
    String sha256 = name.substring(0, name.length() - ".jar".length());
    return PackageFile.isSha256(sha256) ? sha256 : null;
  }

  private SubmitJobRequest submitRequest(JsonElement body) {
    if (!body.isJsonObject()) {
      throw new HttpError(400, "Submit a job with a JSON object: {\"entrypoint\": \"com.example.Main arg\", "
          + "\"runtime_env\": {\"java_jars\": [\"<sha256>.jar\"]}}.");
    }
    JsonObject request = body.getAsJsonObject();
    String entrypoint = string(request, "entrypoint");
    List<String> words = Entrypoint.split(entrypoint == null ? "" : entrypoint);
    if (words.isEmpty()) {
      throw new HttpError(400, "A job needs an entrypoint: its main class and arguments.");
    }
    SubmitJobRequest.Builder submit = SubmitJobRequest.newBuilder().setEntrypoint(entrypoint)
        .setMainClass(words.get(0)).addAllArgs(words.subList(1, words.size()));
    String id = string(request, "submission_id");
    if (id == null) {
      id = string(request, "job_id"); // Ray's deprecated name for it
    }
    if (id != null) {
      submit.setSubmissionId(id);
    }
    JsonObject runtimeEnv = object(request, "runtime_env");
    for (String key : runtimeEnv.keySet()) {
      if (!RUNTIME_ENV_KEYS.contains(key)) {
        throw new HttpError(400, "jray runs Java jobs: runtime_env takes java_jars, env_vars and jvm_options, not '"
            + key + "'.");
      }
    }
    List<String> jars = strings(runtimeEnv, "java_jars");
    if (jars.size() != 1) {
      throw new HttpError(400, "runtime_env.java_jars must name one jar uploaded with PUT /api/packages/<sha256>.jar"
          + " (a job runs one jar; give it its dependencies inside), not " + jars.size() + ".");
    }
    String jar = jars.get(0);
    String sha256 = sha256OfJarName(jar.substring(jar.lastIndexOf('/') + 1));
    if (sha256 == null) {
      throw new HttpError(400, "runtime_env.java_jars names jars as <sha256>.jar, as uploaded with PUT "
          + "/api/packages/<sha256>.jar, not '" + jar + "'.");
    }
    submit.setPackageSha256(sha256).setPackageName(sha256 + ".jar");
    submit.addAllJvmOptions(strings(runtimeEnv, "jvm_options"));
    submit.putAllEnv(stringMap(runtimeEnv, "env_vars"));
    submit.putAllMetadata(stringMap(request, "metadata"));
    return submit.build();
  }

  /** Ray's JobDetails of a submitted job. */
  private Map<String, Object> details(JobSubmission job) {
    Map<String, Object> d = new LinkedHashMap<>();
    boolean ended = job.getEndTimeMs() > 0;
    d.put("type", "SUBMISSION");
    d.put("job_id", jobIdOfSubmission.apply(job.getSubmissionId()));
    d.put("submission_id", job.getSubmissionId());
    d.put("driver_info", null);
    d.put("status", job.getState().name());
    d.put("entrypoint", job.getEntrypoint());
    d.put("message", job.getMessage());
    d.put("error_type", job.getState().name().equals("FAILED") ? "JOB_ENTRYPOINT_COMMAND_ERROR" : null);
    d.put("start_time", job.getStartTimeMs());
    d.put("end_time", ended ? job.getEndTimeMs() : null);
    d.put("metadata", job.getMetadataMap());
    d.put("driver_exit_code", ended ? job.getExitCode() : null);
    return d;
  }

  /**
   * Ray's {@code {"logs": ...}} with the log's last {@link #MAX_LOG_BYTES} at most, from a line start; when the
   * log is longer, {@code truncated} is true and {@code skipped_bytes} says how much of its start was left out.
   */
  private Map<String, Object> logs(String id) {
    long offset = 0;
    byte[] tail = new byte[0];
    for (byte[] chunk; (chunk = jobs.logs(id, offset)).length > 0; offset += chunk.length) {
      byte[] joined = new byte[Math.min(MAX_LOG_BYTES, tail.length + chunk.length)];
      int fromChunk = Math.min(chunk.length, joined.length);
      int fromTail = joined.length - fromChunk;
      System.arraycopy(tail, tail.length - fromTail, joined, 0, fromTail);
      System.arraycopy(chunk, chunk.length - fromChunk, joined, fromTail, fromChunk);
      tail = joined;
    }
    int start = 0;
    if (offset > tail.length) { // cut: begin after the first line break, or else at a UTF-8 character's start
      int newline = indexOf(tail, (byte) '\n');
      start = newline >= 0 ? newline + 1 : 0;
      while (newline < 0 && start < tail.length && (tail[start] & 0xC0) == 0x80) {
        start++;
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("logs", new String(tail, start, tail.length - start, StandardCharsets.UTF_8));
    answer.put("truncated", offset > tail.length);
    answer.put("skipped_bytes", offset - (tail.length - start));
    return answer;
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (!e.isJsonPrimitive()) {
      throw new HttpError(400, "'" + key + "' must be a string.");
    }
    return e.getAsString();
  }

  private static JsonObject object(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return new JsonObject();
    }
    if (!e.isJsonObject()) {
      throw new HttpError(400, "'" + key + "' must be a JSON object.");
    }
    return e.getAsJsonObject();
  }

  private static List<String> strings(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return List.of();
    }
    if (!e.isJsonArray()) {
      throw new HttpError(400, "'" + key + "' must be a list of strings.");
    }
    List<String> out = new ArrayList<>();
    for (JsonElement item : (JsonArray) e) {
      if (!item.isJsonPrimitive()) {
        throw new HttpError(400, "'" + key + "' must be a list of strings.");
      }
      out.add(item.getAsString());
    }
    return out;
  }

  private static Map<String, String> stringMap(JsonObject o, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : object(o, key).entrySet()) {
      if (!e.getValue().isJsonPrimitive()) {
        throw new HttpError(400, "'" + key + "' must map names to strings.");
      }
      out.put(e.getKey(), e.getValue().getAsString());
    }
    return out;
  }
}
