// sufragio, staff application: small enhancements. Every page works without this script.
"use strict";
(function () {
  // Image viewer: zoom and rotate the acta image.
  document.querySelectorAll("[data-visor]").forEach(function (v) {
    var img = v.querySelector("img"), ctl = v.querySelector(".controles");
    var zoom = 1, giro = 0;
    ctl.hidden = false;
    function aplicar() { img.style.transform = "rotate(" + giro + "deg) scale(" + zoom + ")"; }
    ctl.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) { return; }
      if (b.dataset.zoom) { zoom = Math.min(6, Math.max(0.25, zoom * parseFloat(b.dataset.zoom))); }
      if (b.dataset.rotar) { giro = (giro + parseInt(b.dataset.rotar, 10) + 360) % 360; }
      if (b.hasAttribute("data-restablecer")) { zoom = 1; giro = 0; }
      aplicar();
    });
  });

  // Capture form: Enter moves to the next field; on the last one it submits. Shortcuts:
  // "i" for Ilegible, "s" for Sin dato, "+"/"-" zoom the image.
  var campos = Array.prototype.slice.call(document.querySelectorAll("[data-campo]"));
  campos.forEach(function (c, i) {
    c.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && i < campos.length - 1) {
        e.preventDefault();
        campos[i + 1].focus();
        campos[i + 1].select();
      }
    });
    c.addEventListener("input", function () {
      var v = c.value.trim().toLowerCase();
      if (v === "i") { c.value = "Ilegible"; }
      if (v === "s") { c.value = "Sin dato"; }
    });
  });

  // Changes that cannot be undone ask first.
  document.querySelectorAll("form[data-confirmar], form[data-confirmar-final]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      var final = f.querySelector("input[name=final]");
      var msg = f.dataset.confirmar || (final && final.checked ? f.dataset.confirmarFinal : "");
      if (msg && !window.confirm(msg)) { e.preventDefault(); }
    });
  });

  // Waiting pages look again by themselves.
  var recargar = document.querySelector("[data-recargar]");
  if (recargar) {
    setTimeout(function () { location.href = recargar.href; },
      parseInt(recargar.dataset.recargar, 10) * 1000);
  }

  // PREP Casilla: send the photograph with retries on a slow or broken connection. The
  // server keys images by their SHA-256, so a retry of a photograph that did arrive is
  // recorded once.
  var f = document.getElementById("form-casilla");
  if (f && window.fetch && window.FormData) {
    var estado = document.getElementById("estado-envio");
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      var datos = new FormData(f), intento = 0, boton = f.querySelector("button");
      boton.disabled = true;
      function enviar() {
        intento++;
        estado.textContent = "Enviando (intento " + intento + ")…";
        fetch(f.action, { method: "POST", body: datos, credentials: "same-origin",
          headers: { "Accept": "application/json" } })
          .then(function (r) { return r.json().then(function (j) { return [r.status, j]; }); })
          .then(function (sj) {
            boton.disabled = false;
            estado.textContent = sj[1].mensaje || ("Respuesta " + sj[0]);
            estado.className = "estado-envio " + (sj[1].ok ? "ok" : "error");
            if (sj[1].ok) { f.reset(); }
          })
          .catch(function () {
            if (intento < 8) {
              var espera = Math.min(30, Math.pow(2, intento));
              estado.textContent = "Sin conexión; se reintenta en " + espera + " s…";
              setTimeout(enviar, espera * 1000);
            } else {
              boton.disabled = false;
              estado.textContent = "No se pudo enviar. Revise la conexión y vuelva a enviar.";
              estado.className = "estado-envio error";
            }
          });
      }
      enviar();
    });
  }
})();
