import "otp-wasm/otp-input";

const field = document.getElementById("otp");
const show = () => (document.getElementById("bound").textContent = field.value);
field.addEventListener("input", show);
field.addEventListener("complete", (event) => {
  document.getElementById("status").textContent = `Complete: ${event.detail.code}`;
});
document.getElementById("fill").addEventListener("click", () => {
  field.value = "123456";
  show();
});
document.getElementById("form").addEventListener("submit", (event) => {
  event.preventDefault();
  const data = new URLSearchParams(new FormData(event.target));
  document.getElementById("status").textContent = `Submitted ${data}`;
});
