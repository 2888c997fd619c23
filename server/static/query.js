// The query page (templates/query.html): Yasgui with the example queries; no inline script (CSP).
// Results: literals shown as values (numbers with thousands separators, a language tag or a short datatype beside
// them, never "2501106500"^^<…#decimal>), cells not cut by "…" (the table's own switch still can), the table in
// its own scrolling box; the current query's results download as CSV or JSON.
(function () {
  var examples = JSON.parse(document.getElementById("example-data").textContent);
  var preset = JSON.parse(document.getElementById("preset-query").textContent);  // from /sparql?query=… in a browser
  var endpoint = JSON.parse(document.getElementById("endpoint-data").textContent);
  var first = preset || (examples.length ? examples[0].query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10");

  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var NUMERIC = ["decimal", "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                 "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
                 "unsignedByte", "double", "float"];
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  // 2501106500 → 2,501,106,500; 21749.66 → 21,749.66 (the decimals as given); other text unchanged
  function groupDigits(lexical) {
    var m = /^([+-]?)(\d+)(\.\d+)?$/.exec(lexical.trim());
    if (!m) { return lexical; }
    return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (m[3] || "");
  }
  function shortDatatype(iri) {
    return iri.indexOf(XSD) === 0 ? "xsd:" + iri.slice(XSD.length) : iri.replace(/^.*[#\/]/, "");
  }
  function formatLiteral(binding) {
    var type = binding.datatype || "";
    var lang = binding["xml:lang"];
    if (lang) {
      return escapeHtml(binding.value) + '<sup class="lit-lang">@' + escapeHtml(lang) + "</sup>";
    }
    if (type.indexOf(XSD) === 0 && NUMERIC.indexOf(type.slice(XSD.length)) >= 0) {
      return '<span class="lit-number" title="' + escapeHtml(binding.value + " (" + shortDatatype(type) + ")") + '">' +
        escapeHtml(groupDigits(binding.value)) + "</span>";
    }
    if (!type || type === XSD + "string") { return escapeHtml(binding.value); }
    return escapeHtml(binding.value) + '<sup class="lit-type" title="' + escapeHtml(type) + '">' +
      escapeHtml(shortDatatype(type)) + "</sup>";
  }
  var Table = Yasgui.Yasr.plugins.table;
  Table.prototype.formatLiteral = function (binding) { return formatLiteral(binding); };
  var draw = Table.prototype.draw;
  Table.prototype.draw = function (config) {  // whole values by default; the table's "Ellipse" switch still cuts
    return draw.call(this, Object.assign({ isEllipsed: false, compact: true }, config || {}));
  };

  Yasgui.Yasqe.defaults.value = first;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    yasqe: { value: first }
  });
  window.budgetkgYasgui = yasgui;
  window.budgetkgFormatLiteral = formatLiteral;  // for the browser test
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

  // Downloads: the editor's query POSTed to the endpoint with the format's Accept, saved under a file name.
  var status = document.getElementById("download-status");
  document.querySelectorAll("button.download").forEach(function (button) {
    button.addEventListener("click", function () {
      var query = yasgui.getTab().getQuery();
      var accept = button.dataset.accept;
      status.textContent = button.dataset.working;
      fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": accept },
        body: "query=" + encodeURIComponent(query)
      }).then(function (response) {
        if (!response.ok) {
          return response.text().then(function (text) { throw new Error(response.status + " " + text.slice(0, 300)); });
        }
        var cut = response.headers.get("X-SPARQL-Truncated");
        return response.blob().then(function (blob) { return { blob: blob, cut: cut }; });
      }).then(function (got) {
        var name = "budgetkg-results." + button.dataset.ext;
        var link = document.createElement("a");
        link.href = URL.createObjectURL(got.blob);
        link.download = name;
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
        window.budgetkgLastDownload = { name: name, size: got.blob.size, type: got.blob.type };
        status.textContent = button.dataset.done.replace("{name}", name).replace("{size}", got.blob.size) +
          (got.cut ? " " + button.dataset.cut : "");
      }).catch(function (error) {
        status.textContent = button.dataset.failed + " " + error.message;
      });
    });
  });
})();
