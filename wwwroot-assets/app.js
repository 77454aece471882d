// Small browser helpers the Blazor components call through JS interop.
window.flameup = {
  getTheme: () => { try { return localStorage.getItem("flameup.theme"); } catch { return null; } },
  setTheme: (t) => { try { localStorage.setItem("flameup.theme", t); } catch { } },
  // The form (with its antiforgery token) is rendered by App.razor for a signed-in user.
  signOut: () => {
    const f = document.getElementById("sign-out-form");
    if (f) f.submit(); else location.reload();
  },
  copy: async (text) => {
    try { await navigator.clipboard.writeText(text); return true; }
    catch {
      const t = document.createElement("textarea");
      t.value = text; document.body.appendChild(t); t.select();
      const ok = document.execCommand("copy"); t.remove(); return ok;
    }
  },
  // Downloads an export while telling the page how many lines arrived (X-Total-Count says how many people
  // to expect), then saves it. Returns the lines received, or -1 when cancelled.
  download: async (url, fileName, progress) => {
    const controller = new AbortController();
    window.flameup._cancelDownload = () => controller.abort();
    try {
      const res = await fetch(url, { signal: controller.signal, credentials: "same-origin" });
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      const total = Number(res.headers.get("X-Total-Count") || 0);
      const reader = res.body.getReader();
      const chunks = [];
      let lines = 0, last = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
        const now = performance.now();
        if (now - last > 200) { last = now; await progress.invokeMethodAsync("Progress", lines, total); }
      }
      const a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob(chunks, { type: res.headers.get("Content-Type") || "application/octet-stream" }));
      a.download = fileName;
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 60000);
      return lines;
    } catch (e) {
      if (e.name === "AbortError") return -1;
      throw e;
    } finally {
      window.flameup._cancelDownload = null;
    }
  },
  cancelDownload: () => window.flameup._cancelDownload?.(),
  // Warn before closing or reloading the tab while a form has unsaved changes.
  setUnsaved: (on) => {
    window.onbeforeunload = on ? (e) => { e.preventDefault(); e.returnValue = ""; return ""; } : null;
  },
};
