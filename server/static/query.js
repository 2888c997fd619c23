// The query page (templates/query.html): Yasgui with the example queries; no inline script (CSP).
(function () {
  var examples = JSON.parse(document.getElementById("example-data").textContent);
  var preset = JSON.parse(document.getElementById("preset-query").textContent);  // from /sparql?query=… in a browser
  var endpoint = JSON.parse(document.getElementById("endpoint-data").textContent);
  var first = preset || (examples.length ? examples[0].query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10");
  Yasgui.Yasqe.defaults.value = first;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    yasqe: { value: first }
  });
  window.budgetkgYasgui = yasgui;
  if (preset) {
    var tab = yasgui.getTab();
    tab.setQuery(preset);
    tab.getYasqe().query();
  }
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var ex = examples.find(function (e) { return e.name === button.dataset.name; });
      var tab = yasgui.getTab();
      tab.setQuery(ex.query);
      tab.getYasqe().query();
    });
  });
})();
