// Chatlane's live stream, shared by every tab of this browser (a SharedWorker; a dedicated Worker
// where SharedWorker is missing): one EventSource to /live/events, each event posted to every tab
// as JSON text {"kind": "event", "data": "<the SSE data>"}, and where the stream stands as
// {"kind": "state", "state": "connecting" | "live" | "reconnecting" | "offline"}.
//
// A tab says {"kind": "hello", "after": <id>} first: the newest event its server-rendered page
// reflects. The first tab's id is where the stream starts (the server replays what came after),
// so an event committed between the page and the stream is never lost. A later tab is sent the
// events after its id from the ones this worker keeps (the newest RECENT_MAX), or a reset when
// they no longer reach back that far.
// EventSource reconnects by itself with Last-Event-ID; when it gives up (the server refused, say
// after a sign-out), a new one resumes after the last id it saw, backing off up to 30 s.
"use strict";

const RECENT_MAX = 1000;
const RESET = JSON.stringify({ type: "reset" });

const ports = new Set();
let source = null;
let lastId = null;
let state = "connecting";
let retryTimer = null;
let retryDelay = 1000;
// The newest events received, oldest first ({id, data}); complete after `completeAfter`: every
// event of the team with a larger id is in `recent` or not yet received. null: unknown.
let recent = [];
let completeAfter = null;
// A reset came: what was missed is unknown until the next event says where the stream stands.
let awaitingEvent = false;

function send(port, message) {
  port.postMessage(JSON.stringify(message));
}

function post(message) {
  for (const port of ports) send(port, message);
}

function setState(next) {
  state = next;
  post({ kind: "state", state });
}

function remember(id, data) {
  if (awaitingEvent) {
    // Ids are whole numbers: a page that reflects id - 1 missed nothing before this event.
    completeAfter = id - 1;
    awaitingEvent = false;
  }
  recent.push({ id, data });
  if (recent.length > RECENT_MAX) completeAfter = recent.shift().id;
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
    if (e.lastEventId) {
      lastId = e.lastEventId;
      const id = Number(e.lastEventId);
      if (Number.isSafeInteger(id)) remember(id, e.data);
    } else {
      // A reset: tabs reload what they show; what the worker kept no longer covers a gap.
      recent = [];
      completeAfter = null;
      awaitingEvent = true;
    }
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

// A tab whose page reflects the log up to `after`.
function hello(port, after) {
  const known = Number.isSafeInteger(after);
  if (source === null && retryTimer === null) {
    if (lastId === null && known) {
      lastId = String(after);
      completeAfter = after;
    }
    open();
    return;
  }
  if (!known) return;
  if (completeAfter === null || after < completeAfter) {
    send(port, { kind: "event", data: RESET });
    return;
  }
  for (const e of recent) {
    if (e.id > after) send(port, { kind: "event", data: e.data });
  }
}

function attach(port) {
  ports.add(port);
  port.onmessage = (e) => {
    if (typeof e.data !== "string") return;
    let message = null;
    try {
      message = JSON.parse(e.data);
    } catch {
      return;
    }
    if (message.kind === "bye") ports.delete(port);
    if (message.kind === "hello") hello(port, message.after);
  };
  send(port, { kind: "state", state });
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
