// sufragio: with JavaScript, the results site follows new cortes. The pages work without it.
// Each page says which corte it shows (data-corte on <body>) and whether its address is the
// latest corte's (data-ultimo). Every 30 seconds the script asks /api/v1/ultimo; when a newer
// corte is published, a page of the latest corte loads it, and a page of an older corte says
// so with a link.
(function () {
  "use strict";
  var body = document.body;
  // Corte 0, the puesta en ceros, is a corte like the others: only a page with no corte
  // has nothing to follow.
  var numero = body.getAttribute("data-corte");
  var actual = parseInt(numero, 10);
  var ultimo = body.getAttribute("data-ultimo") === "true";
  var aviso = document.getElementById("corte-nuevo");
  if (numero === null || isNaN(actual) || !aviso || !window.fetch) {
    return;
  }
  var cada = parseInt(body.getAttribute("data-cada") || "30000", 10);
  function revisar() {
    // no-cache: ask each time (a 304 when nothing changed), not the copy cached 30 s.
    fetch("/api/v1/ultimo", { cache: "no-cache", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (doc) {
        if (!doc || !doc.corte || doc.corte.numero <= actual) {
          return;
        }
        if (ultimo) {
          window.location.reload();
          return;
        }
        var ruta = body.getAttribute("data-ruta") || "";
        var a = document.createElement("a");
        a.href = "/cortes/" + doc.corte.numero + (ruta ? "/" + ruta : "");
        a.textContent = "Ver el corte " + doc.corte.numero;
        aviso.textContent = "Se publicó el corte " + doc.corte.numero + " (" +
          doc.corte.hora_texto + "). ";
        aviso.appendChild(a);
        aviso.hidden = false;
        actual = doc.corte.numero;
      })
      .catch(function () {});
  }
  window.setInterval(revisar, cada);
})();

// The acta's image: buttons to zoom it inside its box (shown only with this script; without
// it a click opens the image whole, which the browser zooms).
(function () {
  "use strict";
  var visor = document.getElementById("visor");
  var controles = document.querySelector(".controles-imagen");
  if (!visor || !controles) {
    return;
  }
  var img = visor.querySelector("img");
  var escala = 1;
  controles.hidden = false;
  controles.addEventListener("click", function (ev) {
    var z = ev.target && ev.target.getAttribute("data-zoom");
    if (z === null || z === undefined) {
      return;
    }
    var f = parseFloat(z);
    escala = f === 0 ? 1 : Math.min(8, Math.max(1, escala * f));
    img.style.width = (escala * 100) + "%";
    img.style.maxWidth = "none";
  });
})();
