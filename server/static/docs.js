// Swagger UI for /docs (the page has no inline script: Content-Security-Policy script-src 'self').
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: root.dataset.openapi, dom_id: "#swagger-ui", deepLinking: true,
                                presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout",
                                validatorUrl: null });  // no badge from an external validator
})();
