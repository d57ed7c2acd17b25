// The GOV.UK timeout warning: 2 minutes before the session ends after inactivity, a modal dialog
// offers "Stay signed in" (a request to the keep-alive URL renews the session) or "Sign out".
// At the end, the page signs out and says why. The seconds left come from <body data-session-*>,
// set by the server for signed-in users only.

function describe(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

export function initSessionTimeout(body = document.body) {
  const timeout = Number.parseInt(body.dataset.sessionTimeout, 10);
  const dialog = document.getElementById("session-timeout-dialog");
  if (!timeout || !dialog || typeof dialog.showModal !== "function") return;
  const warning = Math.min(Number.parseInt(body.dataset.sessionWarning, 10) || 120, timeout);
  const countdown = dialog.querySelector("[data-session-countdown]");
  const stay = dialog.querySelector("[data-session-stay]");
  const signOutForm = dialog.querySelector("[data-session-sign-out-form]");
  let expiresAt = 0;
  let warnTimer;
  let tick;
  let lastFocus = null;

  function signOut() {
    window.clearInterval(tick);
    // The dialog's own sign-out form, told to say why (no second, hidden form without a button).
    if (signOutForm) {
      const next = document.createElement("input");
      next.type = "hidden";
      next.name = "next";
      next.value = body.dataset.timedOutUrl;
      signOutForm.append(next);
      signOutForm.submit();
    } else {
      window.location.href = body.dataset.timedOutUrl;
    }
  }

  function updateCountdown() {
    const left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
    // Announce whole minutes, then every 20 seconds, not every second.
    if (left > 60 || left % 20 === 0 || !countdown.textContent) {
      countdown.textContent = describe(left);
    }
    if (left <= 0) signOut();
  }

  function warn() {
    lastFocus = document.activeElement;
    countdown.textContent = describe(Math.round((expiresAt - Date.now()) / 1000));
    dialog.showModal();
    stay.focus();
    tick = window.setInterval(updateCountdown, 1000);
  }

  function start() {
    window.clearTimeout(warnTimer);
    window.clearInterval(tick);
    expiresAt = Date.now() + timeout * 1000;
    warnTimer = window.setTimeout(warn, (timeout - warning) * 1000);
  }

  async function keepAlive() {
    try {
      const response = await fetch(body.dataset.keepAliveUrl, {
        credentials: "same-origin",
        cache: "no-store",
        redirect: "manual",
      });
      if (response.status !== 204) {
        signOut();
        return;
      }
    } catch {
      signOut();
      return;
    }
    dialog.close();
    if (lastFocus && typeof lastFocus.focus === "function") lastFocus.focus();
    start();
  }

  stay.addEventListener("click", keepAlive);
  // Escape closes a native dialog; treat it as "Stay signed in", as the GOV.UK pattern does.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    keepAlive();
  });
  start();
}
