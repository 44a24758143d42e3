// Declaring a session: once both dates are typed, the dispositifs and levels whose
// habilitation does not cover every day of the session are disabled. Progressive enhancement
// only: the server checks the same rule (forprev/training/declaring.py).
(function () {
  "use strict";
  var select = document.getElementById("id_programme_level");
  var first = document.getElementById("id_starts_on");
  var last = document.getElementById("id_ends_on");
  if (!select || !first || !last) {
    return;
  }
  var DAY = 24 * 60 * 60 * 1000;

  function parse(text) {
    var time = Date.parse(text + "T00:00:00Z");
    return isNaN(time) ? null : time;
  }

  function covers(periods, start, end) {
    var day = start;
    var sorted = periods.slice().sort(function (a, b) { return a[0] - b[0]; });
    for (var i = 0; i < sorted.length; i += 1) {
      if (sorted[i][0] <= day && day <= sorted[i][1]) {
        day = sorted[i][1] + DAY;
        if (day > end) {
          return true;
        }
      }
    }
    return false;
  }

  function update() {
    var start = parse(first.value);
    var end = parse(last.value);
    var known = start !== null && end !== null && start <= end;
    Array.prototype.forEach.call(select.options, function (option) {
      var text = option.getAttribute("data-periods");
      if (text === null) {
        return;
      }
      var periods = text.split(" ").map(function (period) {
        var bounds = period.split("/");
        return [parse(bounds[0]), parse(bounds[1])];
      });
      option.disabled = known && !covers(periods, start, end);
      if (option.disabled && option.selected) {
        select.value = "";
      }
    });
  }

  first.addEventListener("change", update);
  last.addEventListener("change", update);
  update();
})();
