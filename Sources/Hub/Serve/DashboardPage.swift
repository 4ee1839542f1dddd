/// The dashboard's HTML, CSS and script in one page, so the binary needs no resource files.
///
/// It lists the rooms and their devices with live state and controls (on/off, brightness, target
/// temperature), a command box, and the latest utterances with intent, confidence and outcome. State and
/// utterances follow `GET /api/events` (server-sent events); every change goes through the API.
enum DashboardPage {
    /// Replaced by a script setting `window.hubInitial` (``Dashboard/Snapshot``, or `null`).
    static let snapshotMarker = "<!--hub-initial-->"

    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hub</title>
<style>
  :root { --bg:#f4f5f7; --card:#fff; --ink:#1d2330; --muted:#6b7383; --line:#e2e5ea; --on:#f5b400; --accent:#2f6fde; --bad:#c93c3c; --good:#23875a; }
  * { box-sizing: border-box; }
  body { margin:0; font:15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background:var(--bg); color:var(--ink); }
  header { display:flex; align-items:center; gap:16px; padding:14px 24px; background:var(--ink); color:#fff; }
  header h1 { margin:0; font-size:20px; letter-spacing:.5px; }
  #status { font-size:13px; color:#b9c0cc; }
  #status.live::before { content:"● "; color:#4cd38a; }
  #command { margin-left:auto; display:flex; gap:8px; }
  #command input { width:340px; padding:7px 10px; border-radius:6px; border:0; font:inherit; }
  button { font:inherit; padding:6px 12px; border-radius:6px; border:1px solid var(--line); background:#fff; cursor:pointer; }
  button.primary { background:var(--accent); color:#fff; border-color:var(--accent); }
  main { padding:20px 24px; display:grid; gap:20px; }
  #rooms { display:grid; grid-template-columns:repeat(auto-fill, minmax(300px, 1fr)); gap:16px; }
  .room { background:var(--card); border-radius:10px; padding:14px 16px; box-shadow:0 1px 2px rgba(0,0,0,.06); }
  .room h2 { margin:0 0 8px; font-size:17px; text-transform:capitalize; }
  .device { display:grid; grid-template-columns:1fr auto; gap:4px 10px; padding:9px 0; border-top:1px solid var(--line); align-items:center; }
  .device .name { font-weight:600; }
  .device .state { color:var(--muted); font-size:13px; }
  .device.on .name::before { content:"●"; color:var(--on); margin-right:6px; }
  .device.off .name::before { content:"●"; color:#c7ccd4; margin-right:6px; }
  .controls { grid-column:1 / -1; display:flex; align-items:center; gap:10px; }
  .controls input[type=range] { flex:1; }
  .controls .temp { min-width:64px; text-align:center; font-weight:600; }
  .toggle.on { background:var(--on); border-color:var(--on); }
  section.log { background:var(--card); border-radius:10px; padding:14px 16px; box-shadow:0 1px 2px rgba(0,0,0,.06); }
  section.log h2 { margin:0 0 8px; font-size:17px; }
  table { width:100%; border-collapse:collapse; font-size:14px; }
  th { text-align:left; color:var(--muted); font-weight:500; border-bottom:1px solid var(--line); padding:6px; }
  td { padding:6px; border-bottom:1px solid var(--line); vertical-align:top; }
  td.ok { color:var(--good); } td.failed { color:var(--bad); }
  .muted { color:var(--muted); }
  #login { max-width:520px; margin:60px auto; background:var(--card); padding:24px; border-radius:10px; }
  #login input { width:100%; padding:8px; margin:10px 0; font:inherit; }
  #message { color:var(--bad); }
  #message:empty { display:none; }
</style>
</head>
<body>
<header>
  <h1>hub</h1><span id="status">connecting…</span>
  <form id="command"><input id="text" placeholder="Type a command, e.g. turn on the kitchen lights" autocomplete="off"><button class="primary">Do</button></form>
</header>
<div id="login" hidden>
  <h2>API token needed</h2>
  <p class="muted">Create one with <code>hub token create dashboard</code> and paste it here, or open <code>/?token=…</code>.</p>
  <form id="tokenForm"><input id="token" placeholder="hub_…" autocomplete="off"><button class="primary">Use token</button></form>
</div>
<main id="app" hidden>
  <div id="message"></div>
  <div id="rooms"></div>
  <section class="log">
    <h2>Latest utterances</h2>
    <table><thead><tr><th>time</th><th>source</th><th>utterance</th><th>intent</th><th>confidence</th><th>outcome</th></tr></thead>
    <tbody id="utterances"><tr><td colspan="6" class="muted">nothing yet</td></tr></tbody></table>
  </section>
</main>
<!--hub-initial-->
<script>
"use strict";
const query = new URLSearchParams(location.search);
if (query.get("token")) { localStorage.setItem("hubToken", query.get("token")); history.replaceState(null, "", location.pathname); }
let token = localStorage.getItem("hubToken");
let unit = "celsius";
const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value); else if (key === "class") node.className = value; else node[key] = value;
  }
  for (const child of children) node.append(child);
  return node;
}

async function api(path, options = {}) {
  options.headers = Object.assign({ "Authorization": "Bearer " + token }, options.headers || {});
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) { showLogin(body.error); throw new Error(body.error); }
  if (!response.ok) throw new Error(body.error || ("HTTP " + response.status));
  return body;
}

function say(text) { $("message").textContent = text || ""; }

const toUnit = (celsius) => unit === "fahrenheit" ? celsius * 9 / 5 + 32 : celsius;
const temp = (celsius) => celsius == null ? "–" : toUnit(celsius).toFixed(1).replace(/\.0$/, "") + (unit === "fahrenheit" ? " °F" : " °C");

function summary(device) {
  const s = device.state || {}, parts = [];
  if (s.on != null) parts.push(s.on ? "on" : "off");
  if (s.brightness != null) parts.push(s.brightness + " %");
  if (s.color) parts.push(s.color);
  if (s.color_temp) parts.push(s.color_temp + " K");
  if (s.mode) parts.push("mode " + s.mode);
  if (s.target != null) parts.push("target " + temp(s.target));
  if (s.current != null) parts.push("now " + temp(s.current));
  return parts.join(", ") || "state unknown";
}

async function change(device, values) {
  try { await api("/api/devices/" + encodeURIComponent(device.name) + "/state", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(values) }); say(""); }
  catch (error) { say(error.message); }
  loadDevices();
}

function controls(device) {
  const s = device.state || {}, box = el("div", { class: "controls" });
  if (device.kind === "climate") {
    const target = s.target == null ? 20 : toUnit(s.target), step = 0.5;
    box.append(
      el("button", { onclick: () => change(device, { target: target - step }), title: "colder" }, "−"),
      el("span", { class: "temp" }, temp(s.target)),
      el("button", { onclick: () => change(device, { target: target + step }), title: "warmer" }, "+"),
      el("span", { class: "muted" }, s.mode ? "mode " + s.mode : ""));
  } else {
    box.append(el("button", { class: "toggle" + (s.on ? " on" : ""), onclick: () => change(device, { on: !s.on }) }, s.on ? "Turn off" : "Turn on"));
    if (device.kind === "light") {
      box.append(el("input", { type: "range", min: 0, max: 100, value: s.brightness ?? 100, title: "brightness",
        onchange: (event) => change(device, { brightness: Number(event.target.value) }) }));
    }
  }
  return box;
}

async function loadDevices() {
  try {
    const [rooms, devices] = await Promise.all([api("/api/rooms"), api("/api/devices")]);
    render(rooms, devices);
  } catch (error) { say(error.message); }
}

function render(rooms, devices) {
    const groups = rooms.map((room) => ({ name: room.name, devices: devices.filter((d) => d.room === room.name) }));
    const loose = devices.filter((d) => !d.room);
    if (loose.length) groups.push({ name: "no room", devices: loose });
    $("rooms").replaceChildren(...groups.map((group) => el("div", { class: "room" },
      el("h2", {}, group.name),
      ...(group.devices.length ? group.devices.map((d) => el("div", { class: "device " + (d.state?.on === true ? "on" : d.state?.on === false ? "off" : "") },
        el("span", { class: "name" }, d.name), el("span", { class: "muted" }, d.kind),
        el("span", { class: "state" }, summary(d)), el("span"), controls(d))) : [el("p", { class: "muted" }, "no devices")]))));
}

const shown = [];
let lastID = null;
function addUtterance(event) {
  if (event.id != null) lastID = event.id;
  shown.unshift(event); shown.length = Math.min(shown.length, 15);
  $("utterances").replaceChildren(...shown.map((e) => el("tr", {},
    el("td", {}, new Date(e.time).toLocaleTimeString()),
    el("td", {}, e.source),
    el("td", {}, e.text),
    el("td", {}, e.intent || "–"),
    el("td", {}, e.confidence == null ? "–" : Math.round(e.confidence * 100) + " %"),
    el("td", { class: e.error ? "failed" : "ok" }, e.error ? "failed: " + e.error : (e.outcome || "ok")))));
}

let refresh = null;
function follow() {
  const from = lastID == null ? "last=15" : "after=" + lastID;
  const source = new EventSource("/api/events?" + from + "&access_token=" + encodeURIComponent(token));
  source.onopen = () => { $("status").textContent = "live"; $("status").className = "live"; };
  source.onmessage = (message) => {
    addUtterance(JSON.parse(message.data));
    clearTimeout(refresh); refresh = setTimeout(loadDevices, 150);
  };
  source.onerror = () => { $("status").textContent = "reconnecting…"; $("status").className = ""; };
}

function showLogin(reason) {
  $("app").hidden = true; $("login").hidden = false;
  $("status").textContent = reason || "no token";
}

$("tokenForm").addEventListener("submit", (event) => {
  event.preventDefault(); token = $("token").value.trim(); localStorage.setItem("hubToken", token); start();
});

$("command").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("text").value.trim(); if (!text) return;
  try { const result = await api("/api/command", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text }) }); say(""); $("text").value = ""; $("status").textContent = result.response; }
  catch (error) { say(error.message); }
});

async function start() {
  if (!token) { showLogin(); return; }
  $("login").hidden = true; $("app").hidden = false;
  const initial = window.hubInitial;
  window.hubInitial = null;
  document.getElementById("hub-initial")?.remove();
  if (initial) {
    unit = initial.settings.temperature_unit || "celsius";
    render(initial.rooms, initial.devices);
    initial.events.forEach(addUtterance);
    if (lastID == null) lastID = 0;
  } else {
    try { unit = (await api("/api/settings")).temperature_unit || "celsius"; } catch (error) { return; }
    await loadDevices();
  }
  follow();
  setInterval(loadDevices, 10000);
}
start();
</script>
</body>
</html>
"""#
}
