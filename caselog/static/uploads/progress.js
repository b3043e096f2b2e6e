// With JavaScript, the progress bar moves without reloading the page; when the upload's
// step changes, the page reloads to show what comes next. Without it, a meta refresh
// inside <noscript> reloads the page every few seconds instead.
const bar = document.querySelector("[data-upload-progress]");
if (bar) {
  const url = bar.dataset.uploadProgress;
  const status = bar.dataset.status;
  const text = bar.querySelector("[data-progress-text]");
  const fill = bar.querySelector("[data-progress-fill]");
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const now = await response.json();
      if (now.status !== status || now.stale) {
        window.location.reload();
        return;
      }
      fill.style.width = now.percent + "%";
      text.textContent = now.text;
    } catch (error) {
      // keep trying: a slow or missed response is not a failed upload
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
}
