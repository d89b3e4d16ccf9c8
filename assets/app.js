// Treffpunkt's only script: copy buttons, and waiting rooms that notice a decision at once.
// Everything works without it: links can be selected by hand, waiting pages reload themselves.
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

// A participant's waiting page asks "…/wait/state", which the server holds open until a
// moderator decides; then the page loads again and the server leads into the room (or says no).
async function waitToBeLetIn() {
  const url = location.pathname.replace(/\/$/, "") + "/state";
  for (;;) {
    try {
      const answer = await fetch(url, { cache: "no-store", credentials: "same-origin" });
      if (!answer.ok) break;
      const { state } = await answer.json();
      if (state !== "waiting") break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  // A fresh load of this page (not a reload, which would revalidate): it leads into the room,
  // or says why not.
  location.replace(location.href);
}

// A moderator's waiting list asks "…/lobby/changes?seen=<who waits>", held open until it
// changes; then the page reloads to show who waits now.
async function watchWaitingList(list) {
  const url = `${list.dataset.lobbyChanges}?seen=${encodeURIComponent(list.dataset.lobbySeen)}`;
  for (;;) {
    try {
      const answer = await fetch(url, { cache: "no-store", credentials: "same-origin" });
      if (!answer.ok) return;
      const { changed } = await answer.json();
      if (changed) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  location.reload();
}

// The meeting form: an end date that followed the start date keeps following it, so changing
// the day of a one-day meeting needs one field, not two.
const startDate = document.getElementById("date");
const endDate = document.getElementById("end_date");
if (startDate && endDate) {
  let previous = startDate.value;
  startDate.addEventListener("input", () => {
    if (endDate.value === previous || !endDate.value) endDate.value = startDate.value;
    previous = startDate.value;
  });
}

if (document.querySelector("[data-lobby-wait]")) waitToBeLetIn();
const waitingList = document.querySelector("[data-lobby-changes]");
if (waitingList) watchWaitingList(waitingList);

// A poll page shown in another zone than the browser's offers the browser's (a plain link).
const zoneOffer = document.querySelector("[data-browser-zone]");
if (zoneOffer) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && zone !== zoneOffer.dataset.browserZone) {
    const url = new URL(location.href);
    url.searchParams.set("tz", zone);
    url.searchParams.delete("saved");
    zoneOffer.href = url.toString();
    zoneOffer.textContent += ` (${zone})`;
    zoneOffer.hidden = false;
  }
}

// "Running now · 4 people": the page asks again every 20 seconds (the dashboard for today's
// meetings, the meeting page for its own) and writes the answer where it belongs.
const presence = document.querySelector("[data-presence-url]");
if (presence) {
  const url = presence.dataset.presenceUrl;
  setInterval(async () => {
    try {
      const answer = await fetch(url, { cache: "no-store", credentials: "same-origin" });
      if (!answer.ok) return;
      const running = await answer.json();
      for (const [id, text] of Object.entries(running)) {
        const place = document.querySelector(`[data-presence-id="${CSS.escape(id)}"]`);
        if (!place) continue;
        if (place.textContent.trim() === text) continue;
        place.replaceChildren();
        if (text) {
          const badge = document.createElement("span");
          badge.className = "badge badge--running";
          badge.textContent = text;
          place.append(badge);
        }
      }
    } catch {
      // Offline for a moment: the next round tries again.
    }
  }, 20000);
}
