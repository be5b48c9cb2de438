// Fills the complaint form's latitude and longitude from the phone's location when the
// reporter asks; the form works the same without it.
(function () {
  var button = document.getElementById("here");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (at) {
      document.getElementById("latitude").value = at.coords.latitude.toFixed(6);
      document.getElementById("longitude").value = at.coords.longitude.toFixed(6);
    });
  });
})();
