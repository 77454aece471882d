// Starts the Scalar API reference for the Flameup People API, from this host only: no fonts, telemetry,
// AI agent, MCP or developer-tools bar, so the page works offline and a strict Content-Security-Policy
// (script-src 'self') allows it. Kept in a file, not inline, for the same reason.
(function () {
  var app = document.getElementById('app');
  // The document names no server (the API answers wherever it is hosted): code samples and try-it-out use this one.
  var origin = window.location.origin + app.dataset.openapi.replace(/\/openapi\/v1\.json$/, '');
  Scalar.createApiReference(app, {
    url: app.dataset.openapi,
    servers: [{ url: origin, description: 'This server' }],
    withDefaultFonts: false,
    telemetry: false,
    showDeveloperTools: 'never',
    hideClientButton: true,
    agent: { disabled: true },
    mcp: { disabled: true },
    documentDownloadType: 'json',
    defaultHttpClient: { targetKey: 'shell', clientKey: 'curl' },
    authentication: { preferredSecurityScheme: 'bearer' },
    persistAuth: false,
    defaultOpenAllTags: true,
    // The sidebar's "Powered by Scalar" link leads away from the API; the credit is in README.md instead.
    customCss: 'a[href*="scalar.com"] { display: none !important; }',
  });
})();
