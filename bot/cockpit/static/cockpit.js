// The cockpit's only script: the round picker, and the charts drawn from the page's JSON block (no inline code,
// so the Content-Security-Policy can forbid it).
(function () {
  document.querySelectorAll("select[data-round]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  var block = document.getElementById("chart-data");
  if (!block || typeof Chart === "undefined") { return; }
  var data = JSON.parse(block.textContent);
  Chart.defaults.font.family = "Sarabun, sans-serif";
  Chart.defaults.font.size = 14;
  Chart.defaults.animation = false;
  var percent = { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } };
  window.cockpitCharts = [
    new Chart(document.getElementById("duty-chart"), {
      type: "bar",
      data: { labels: data.duties.map(function (_, i) { return "ข้อ " + (i + 1); }),
              datasets: [{ label: "เช็คอินแล้ว", data: data.duties, backgroundColor: "#2f855a" }] },
      options: { responsive: true, scales: { y: percent }, plugins: { legend: { display: false } } }
    }),
    new Chart(document.getElementById("history-chart"), {
      type: "line",
      data: { labels: data.labels, datasets: [
        { label: "เช็คอินหน้าที่", data: data.checkins, borderColor: "#0b5cad", backgroundColor: "#0b5cad" },
        { label: "โรงเรียนส่งความก้าวหน้า", data: data.schools, borderColor: "#c05621", backgroundColor: "#c05621" }
      ] },
      options: { responsive: true, scales: { y: percent } }
    })
  ];
}());
