// Small browser helpers the Blazor components call through JS interop.
window.flameup = {
  getTheme: () => { try { return localStorage.getItem("flameup.theme"); } catch { return null; } },
  setTheme: (t) => { try { localStorage.setItem("flameup.theme", t); } catch { } },
  signOut: () => {
    const f = document.createElement("form");
    f.method = "post";
    f.action = "account/logout";
    document.body.appendChild(f);
    f.submit();
  },
  copy: async (text) => {
    try { await navigator.clipboard.writeText(text); return true; }
    catch {
      const t = document.createElement("textarea");
      t.value = text; document.body.appendChild(t); t.select();
      const ok = document.execCommand("copy"); t.remove(); return ok;
    }
  },
  // Warn before closing or reloading the tab while a form has unsaved changes.
  setUnsaved: (on) => {
    window.onbeforeunload = on ? (e) => { e.preventDefault(); e.returnValue = ""; return ""; } : null;
  },
};
