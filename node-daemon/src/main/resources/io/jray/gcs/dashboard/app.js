// The jray dashboard page: polls /api/cluster and renders it; the login cookie goes with every request.
"use strict";
const POLL_MS = 2000;
let shownLogs = null;

function cell(row, text, cls) {
  const td = document.createElement("td");
  if (text instanceof Node) { td.appendChild(text); } else { td.textContent = text == null ? "" : String(text); }
  if (cls) { td.className = cls; }
  row.appendChild(td);
  return td;
}

function fill(tableId, items, render) {
  const body = document.querySelector("#" + tableId + " tbody");
  body.replaceChildren();
  for (const item of items) {
    const row = document.createElement("tr");
    render(row, item);
    body.appendChild(row);
  }
}

function shortId(id) { return id ? id.substring(0, 12) : ""; }

function bytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + units[i];
}

function usage(node, name, asBytes) {
  const total = node.total[name];
  if (total === undefined) { return ""; }
  const used = node.used[name] || 0;
  const span = document.createElement("span");
  const bar = document.createElement("span");
  bar.className = "bar";
  const fillBar = document.createElement("span");
  fillBar.style.width = (total > 0 ? Math.min(100, 100 * used / total) : 0) + "%";
  bar.appendChild(fillBar);
  span.appendChild(bar);
  span.appendChild(document.createTextNode(" " + (asBytes ? bytes(used) + "/" + bytes(total)
      : used + "/" + total)));
  return span;
}

async function showLogs(id) {
  shownLogs = id;
  const reply = await fetch("/api/jobs/" + encodeURIComponent(id) + "/logs");
  const pre = document.getElementById("logs");
  pre.hidden = false;
  pre.textContent = reply.ok ? "--- " + id + "\n" + (await reply.json()).logs : "No logs: " + reply.status;
}

function render(view) {
  fill("nodes", view.nodes, (row, n) => {
    cell(row, shortId(n.node_id) + (n.is_head ? " (head)" : ""), "id").title = n.node_id;
    cell(row, n.node_ip);
    cell(row, n.state, n.state);
    cell(row, usage(n, "CPU", false));
    cell(row, usage(n, "memory", true));
    cell(row, usage(n, "object_store_memory", true));
    cell(row, Object.keys(n.total).filter(k => !["CPU", "memory", "object_store_memory"].includes(k)
        && !k.startsWith("node:")).map(k => k + " " + n.used[k] + "/" + n.total[k]).join(", "));
  });
  fill("submissions", view.submissions, (row, s) => {
    cell(row, s.submission_id, "id");
    cell(row, s.status, s.status);
    cell(row, s.entrypoint);
    cell(row, s.message);
    const button = document.createElement("button");
    button.textContent = "logs";
    button.addEventListener("click", () => showLogs(s.submission_id));
    cell(row, button);
  });
  fill("jobs", view.jobs, (row, j) => {
    cell(row, j.job_id, "id");
    cell(row, j.state, j.state);
    cell(row, j.submission_id, "id");
    cell(row, j.driver_pid);
    cell(row, j.namespace);
  });
  fill("actors", view.actors, (row, a) => {
    cell(row, shortId(a.actor_id), "id").title = a.actor_id;
    cell(row, a.class_name);
    cell(row, a.name);
    cell(row, a.state, a.state);
    cell(row, shortId(a.node_id), "id");
    cell(row, a.num_restarts);
  });
  document.getElementById("task-counts").textContent =
      "(" + Object.entries(view.task_counts).map(([s, c]) => s + ": " + c).join(", ") + ")";
  fill("tasks", view.tasks.slice().reverse(), (row, t) => {
    cell(row, shortId(t.task_id), "id").title = t.task_id;
    cell(row, t.name);
    cell(row, t.state, t.state);
    cell(row, t.type);
    cell(row, shortId(t.node_id), "id");
    cell(row, t.attempt);
    cell(row, t.error_type);
  });
  fill("placement-groups", view.placement_groups, (row, p) => {
    cell(row, shortId(p.placement_group_id), "id").title = p.placement_group_id;
    cell(row, p.name);
    cell(row, p.strategy);
    cell(row, p.state, p.state);
    cell(row, p.bundles.map((b, i) => JSON.stringify(b) + (p.bundle_node_ids[i] ? " @" + shortId(p.bundle_node_ids[i]) : ""))
        .join("; "));
  });
  const alive = view.nodes.filter(n => n.state === "ALIVE").length;
  document.getElementById("status").textContent = alive + " node(s) alive, " + view.submissions.length
      + " submitted job(s); updated " + new Date(view.now_ms).toLocaleTimeString();
}

async function poll() {
  try {
    const reply = await fetch("/api/cluster");
    if (reply.status === 401) { window.location.href = "/login"; return; }
    if (reply.ok) {
      render(await reply.json());
      if (shownLogs) { await showLogs(shownLogs); }
    } else {
      document.getElementById("status").textContent = "The head answered " + reply.status + "; retrying.";
    }
  } catch (e) {
    document.getElementById("status").textContent = "The head does not answer (" + e + "); retrying.";
  }
  setTimeout(poll, POLL_MS);
}

poll();
