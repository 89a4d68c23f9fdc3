// evidex's only script: uploads with a progress bar (the upload, then the ingest), and drag and
// drop. Every page works without it; the forms post as usual.
"use strict";

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

function followIngest(statusUrl, bar, label, status) {
  label.textContent = "Storing your evidence";
  bar.removeAttribute("value");  // indeterminate until the first count arrives
  const poll = () => {
    fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => r.json())
      .then((job) => {
        if (job.state === "queued") {
          status.textContent = "Waiting for another upload to finish…";
        } else if (job.state === "running") {
          if (job.found > 0) {
            bar.max = job.found;
            bar.value = Math.min(job.done, job.found);
          }
          status.textContent = job.phase === "extracting" || job.phase === ""
            ? `Reading items: ${job.done} of ${job.found} found so far`
            : `Almost done: ${job.phase}`;
        }
        if (job.state === "done") {
          bar.max = 1;
          bar.value = 1;
          status.textContent = `Done: ${job.message}. Updating the page…`;
          setTimeout(() => window.location.reload(), 800);
          return;
        }
        if (job.state === "failed") {
          status.textContent = `The upload could not be stored: ${job.message}`;
          status.classList.add("error-message");
          return;
        }
        setTimeout(poll, 500);
      })
      .catch(() => setTimeout(poll, 1500));
  };
  poll();
}

function upload(form, file) {
  const box = form.querySelector("[data-progress]");
  const bar = box.querySelector("progress");
  const label = box.querySelector("[data-progress-label]");
  const status = box.querySelector("[data-progress-status]");
  box.hidden = false;
  label.textContent = "Uploading";
  bar.max = 100;
  bar.value = 0;
  status.classList.remove("error-message");
  const data = new FormData();
  data.append("bundle", file, file.name);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.setRequestHeader("X-CSRF-Token", csrfToken());
  xhr.setRequestHeader("Accept", "application/json");
  xhr.upload.addEventListener("progress", (e) => {
    if (e.lengthComputable) {
      bar.value = Math.round((e.loaded / e.total) * 100);
      status.textContent = `${Math.round(e.loaded / 1024)} of ${Math.round(e.total / 1024)} KB sent`;
    }
  });
  xhr.addEventListener("load", () => {
    let answer = {};
    try {
      answer = JSON.parse(xhr.responseText);
    } catch (e) {
      answer = {};
    }
    if (xhr.status === 202 && answer.status) {
      followIngest(answer.status, bar, label, status);
    } else {
      status.textContent = answer.error || `The upload failed (HTTP ${xhr.status}).`;
      status.classList.add("error-message");
    }
  });
  xhr.addEventListener("error", () => {
    status.textContent = "The upload was cut off. Check the connection and try again.";
    status.classList.add("error-message");
  });
  xhr.send(data);
}

document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-upload]")) {
    const input = form.querySelector('input[type="file"]');
    const zone = form.querySelector("[data-dropzone]");
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (input.files.length > 0) {
        upload(form, input.files[0]);
      }
    });
    zone.addEventListener("dragover", (e) => {
      e.preventDefault();
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("dragging");
      if (e.dataTransfer.files.length > 0) {
        upload(form, e.dataTransfer.files[0]);
      }
    });
  }
});
