// The plegdf serve page: upload, watch progress, read reports, delete results. No framework, no build.
"use strict";
(function () {
  const API = "/api/v1";
  const $ = (id) => document.getElementById(id);
  let token = sessionStorage.getItem("plegdf-token") || "";
  let reportUrl = null;
  let timer = null;
  let lastList = null;

  function headers() {
    return token ? { Authorization: "Bearer " + token } : {};
  }

  async function call(path, options) {
    const res = await fetch(API + path, Object.assign({ headers: headers() }, options || {}));
    if (res.status === 401) {
      $("token-box").style.display = "block";
      throw new Error("the access token is missing or wrong");
    }
    return res;
  }

  async function errorText(res) {
    try {
      return (await res.json()).error || res.statusText;
    } catch (e) {
      return res.status + " " + res.statusText;
    }
  }

  function text(tag, value, cls) {
    const el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }

  async function loadModel() {
    try {
      const res = await call("/model");
      if (!res.ok) throw new Error(await errorText(res));
      const m = await res.json();
      $("model").textContent = "model " + m.model.backbone + " / " + m.model.ablation + ", " + m.scale.name + " 0-" + m.scale.max +
        (m.model.dev_rmse != null ? ", dev RMSE " + m.model.dev_rmse.toFixed(2) : "") + " · plegdf " + m.plegdf_version +
        " · uploads up to " + Math.round(m.service.max_upload_bytes / 1048576) + " MiB";
    } catch (e) {
      $("model").textContent = e.message;
    }
  }

  function statusCell(job) {
    const td = document.createElement("td");
    if (job.status === "running" || job.status === "queued") {
      const bar = document.createElement("progress");
      bar.max = 1;
      if (job.progress.fraction != null) bar.value = job.progress.fraction;
      td.appendChild(bar);
      const label = job.status === "queued"
        ? " queued" + (job.progress.queue_position ? " (#" + job.progress.queue_position + ")" : "")
        : " " + job.progress.stage + (job.progress.fraction != null ? " " + Math.round(job.progress.fraction * 100) + "%" : "");
      td.appendChild(document.createTextNode(label));
    } else if (job.status === "failed") {
      td.appendChild(text("span", "failed: " + job.error.message, "error"));
    } else {
      td.textContent = "done";
    }
    td.className = "status";
    return td;
  }

  function row(job) {
    const tr = document.createElement("tr");
    tr.dataset.id = job.id;
    tr.appendChild(text("td", job.name || "(unnamed " + job.kind + ")", "name"));
    tr.appendChild(text("td", new Date(job.created).toLocaleString()));
    tr.appendChild(statusCell(job));
    const s = job.summary;
    tr.appendChild(text("td", s ? s.score.toFixed(1) + " / " + s.scale_max + " " + s.scale + " (" + s.band + ")" : "", "score"));
    const actions = document.createElement("td");
    if (job.status === "done") {
      const b = text("button", "report", "show-report");
      b.type = "button";
      b.onclick = () => showReport(job);
      actions.appendChild(b);
      actions.appendChild(document.createTextNode(" "));
    }
    const del = text("button", "delete", "delete");
    del.type = "button";
    del.onclick = () => remove(job);
    actions.appendChild(del);
    tr.appendChild(actions);
    return tr;
  }

  async function refresh() {
    clearTimeout(timer);
    let active = false;
    try {
      const res = await call("/predictions");
      if (!res.ok) throw new Error(await errorText(res));
      const raw = await res.text();
      const jobs = JSON.parse(raw).jobs;
      active = jobs.some((j) => j.status === "queued" || j.status === "running");
      // Rebuild the table only when something changed (no flicker, and buttons stay put).
      if (raw !== lastList) {
        lastList = raw;
        render(jobs);
      }
    } catch (e) {
      $("upload-state").textContent = e.message;
    }
    timer = setTimeout(refresh, active ? 1000 : 5000);
  }

  function render(jobs) {
    const body = $("jobs");
    body.replaceChildren();
    if (jobs.length === 0) {
      const tr = document.createElement("tr");
      const td = text("td", "none yet");
      td.colSpan = 5;
      tr.appendChild(td);
      body.appendChild(tr);
    }
    for (const j of jobs) body.appendChild(row(j));
  }

  async function showReport(job) {
    const res = await call("/predictions/" + job.id + "/report");
    if (!res.ok) {
      $("upload-state").textContent = await errorText(res);
      return;
    }
    if (reportUrl) URL.revokeObjectURL(reportUrl);
    reportUrl = URL.createObjectURL(new Blob([await res.text()], { type: "text/html" }));
    $("report-title").textContent = "Report: " + (job.name || job.id);
    $("report-frame").src = reportUrl;
    $("report-box").hidden = false;
    $("report-box").scrollIntoView({ behavior: "smooth" });
  }

  async function remove(job) {
    if (!confirm("Delete the results of " + (job.name || job.id) + "?")) return;
    const res = await call("/predictions/" + job.id, { method: "DELETE" });
    if (!res.ok && res.status !== 404) $("upload-state").textContent = await errorText(res);
    $("report-box").hidden = true;
    lastList = null;
    refresh();
  }

  function upload(file) {
    const form = new FormData();
    form.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    const state = $("upload-state");
    state.className = "";
    xhr.open("POST", API + "/predictions");
    if (token) xhr.setRequestHeader("Authorization", "Bearer " + token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) state.textContent = "uploading " + file.name + ": " + Math.round(100 * e.loaded / e.total) + "%";
    };
    xhr.onload = () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 202) {
        state.textContent = file.name + " uploaded; its progress and result are in the list below";
      } else {
        if (xhr.status === 401) $("token-box").style.display = "block";
        state.className = "error";
        state.textContent = file.name + ": " + (body.error || xhr.status + " " + xhr.statusText);
      }
      refresh();
    };
    xhr.onerror = () => {
      state.className = "error";
      state.textContent = file.name + ": the upload failed (connection closed; too large?)";
    };
    xhr.send(form);
  }

  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    for (const f of e.dataTransfer.files) upload(f);
  });
  $("file").addEventListener("change", (e) => {
    for (const f of e.target.files) upload(f);
    e.target.value = "";
  });
  $("token-save").addEventListener("click", () => {
    token = $("token").value.trim();
    sessionStorage.setItem("plegdf-token", token);
    $("token-box").style.display = "none";
    loadModel();
    refresh();
  });

  loadModel();
  refresh();
})();
