// The ENISA form's severity, shown as the user chooses: SE = DPC × EI + CB (+ what malice
// adds), banded by the floors the page gives (from domain::assessment::BAND_FLOORS), and what
// each chosen level means. The score that counts is the one the server computes on save; the
// browser tests compare the two. Without script the page shows both after the save.
(function () {
  const out = document.getElementById("severity");
  if (!out) return;
  const form = out.closest("form");
  const bands = out.dataset.bands.split("|").map((band) => {
    const [floor, name] = band.split(":");
    const value = parseFloat(floor);
    return [Number.isNaN(value) ? -Infinity : value, name];
  });
  const bonus = parseFloat(out.dataset.malicious);
  const swedish = document.documentElement.lang === "sv";
  const number = (name) => parseFloat(form.elements[name].value);
  function update() {
    for (const select of form.querySelectorAll("select[data-meanings]")) {
      const hint = document.getElementById("h-" + select.name);
      const chosen = select.selectedOptions[0];
      if (hint && chosen) hint.textContent = chosen.dataset.meaning;
    }
    const score =
      number("dpc") * number("ei") +
      number("cb_confidentiality") +
      number("cb_integrity") +
      number("cb_availability") +
      (form.elements.malicious.value === "yes" ? bonus : 0);
    if (Number.isNaN(score)) return;
    const band = bands.filter(([floor]) => score >= floor).pop();
    const shown = swedish ? String(score).replace(".", ",") : String(score);
    out.textContent = `${out.dataset.label}: ${shown} (${band[1]})`;
  }
  form.addEventListener("change", update);
  update();
})();
