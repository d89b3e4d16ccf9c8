// Treffpunkt's only script: copy buttons. Everything works without it (links can be selected by hand).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  if (!field) return;
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    // Without clipboard access the text stays selected, ready for Ctrl+C.
    return;
  }
  const label = button.firstChild;
  const original = label.textContent;
  label.textContent = document.documentElement.lang === "de" ? "Kopiert" : "Copied";
  setTimeout(() => { label.textContent = original; }, 2000);
});
