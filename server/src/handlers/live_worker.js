// Chatlane's live stream, shared by every tab of this browser (a SharedWorker; a dedicated Worker
// where SharedWorker is missing): one EventSource to /live/events, each event posted to every tab
// as JSON text {"kind": "event", "data": "<the SSE data>"}, and where the stream stands as
// {"kind": "state", "state": "connecting" | "live" | "reconnecting" | "offline"}.
// EventSource reconnects by itself with Last-Event-ID; when it gives up (the server refused, say
// after a sign-out), a new one resumes after the last id it saw, backing off up to 30 s.
"use strict";

const ports = new Set();
let source = null;
let lastId = null;
let state = "connecting";
let retryTimer = null;
let retryDelay = 1000;

function post(message) {
  const text = JSON.stringify(message);
  for (const port of ports) port.postMessage(text);
}

function setState(next) {
  state = next;
  post({ kind: "state", state });
}

function open() {
  const url =
    lastId === null ? "/live/events" : "/live/events?last_event_id=" + encodeURIComponent(lastId);
  source = new EventSource(url);
  source.onopen = () => {
    retryDelay = 1000;
    setState("live");
  };
  source.onmessage = (e) => {
    if (e.lastEventId) lastId = e.lastEventId;
    post({ kind: "event", data: e.data });
  };
  source.onerror = () => {
    if (source.readyState !== EventSource.CLOSED) {
      setState("reconnecting");
      return;
    }
    source = null;
    setState(self.navigator.onLine === false ? "offline" : "reconnecting");
    retryTimer = setTimeout(() => {
      retryTimer = null;
      open();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  };
}

function attach(port) {
  ports.add(port);
  port.onmessage = (e) => {
    if (typeof e.data === "string" && JSON.parse(e.data).kind === "bye") ports.delete(port);
  };
  port.postMessage(JSON.stringify({ kind: "state", state }));
  if (source === null && retryTimer === null) open();
}

if (typeof SharedWorkerGlobalScope !== "undefined" && self instanceof SharedWorkerGlobalScope) {
  self.onconnect = (e) => {
    const port = e.ports[0];
    attach(port);
    port.start();
  };
} else {
  attach(self);
}
