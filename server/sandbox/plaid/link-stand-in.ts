/**
 * A stand-in for Plaid Link, served under the paths Plaid's CDN uses, so a test (Playwright's
 * `route`) or the demo (the console's Link session) can send `https://cdn.plaid.com/link/v2/stable/…`
 * here and `react-plaid-link` runs unchanged.
 *
 * - `link-initialize.js` defines `window.Plaid.create({ token, onSuccess, onExit, onEvent, onLoad })`
 *   returning `{ open, exit, submit, destroy }`. `open()` shows Link's frame over the page, as the
 *   real script does: an iframe from the same origin the script came from.
 * - `link.html` (+ `link-frame.js`) is that frame: it redeems the link token at `sandbox/session`,
 *   lets the user pick a bank (or, in update mode, log in again) and calls `sandbox/complete`,
 *   which does what `/sandbox/public_token/create` does for the link token's webhook (or repairs the
 *   Item in update mode). The frame posts the result to its parent, which calls `onSuccess` with
 *   the public token and Link's metadata (institution, accounts, `link_session_id`) or `onExit`.
 *
 * Link's endpoints take the link token, never the client id or secret, like the real Link.
 */
import type { FastifyInstance } from 'fastify'
import { sandboxInstitutions } from './payloads'
import type { PlaidSimulator } from './plaid-simulator'

/** The link token is unknown, used or expired. */
export class LinkTokenError extends Error {
  constructor() {
    super('The link token is invalid, already used or expired.')
    this.name = 'LinkTokenError'
  }
}

const script = String.raw`(function () {
  var scriptUrl = (document.currentScript && document.currentScript.src) || 'https://cdn.plaid.com/link/v2/stable/link-initialize.js';
  var base = scriptUrl.slice(0, scriptUrl.lastIndexOf('/') + 1);
  var frameOrigin = new URL(base).origin;
  function now() { return new Date().toISOString(); }
  function eventMetadata(sessionId, extra) {
    var metadata = { account_number_mask: null, error_type: null, error_code: null, error_message: null, exit_status: null,
      institution_id: null, institution_name: null, institution_search_query: null, is_update_mode: null, match_reason: null,
      mfa_type: null, routing_number: null, view_name: null, selection: null, timestamp: now(), link_session_id: sessionId, request_id: '' };
    for (var key in extra) metadata[key] = extra[key];
    return metadata;
  }
  function create(config) {
    if (!config || typeof config.token !== 'string') throw new Error('Plaid.create needs a link token');
    var frame = null;
    var sessionId = 'stand-in-' + Math.random().toString(16).slice(2);
    var onEvent = config.onEvent || function () {};
    function close() {
      window.removeEventListener('message', onMessage);
      if (frame && frame.parentNode) frame.parentNode.removeChild(frame);
      frame = null;
    }
    function onMessage(event) {
      if (!frame || event.source !== frame.contentWindow || event.origin !== frameOrigin) return;
      var message = event.data || {};
      if (message.source !== 'plaid-link-stand-in') return;
      if (message.action === 'event') onEvent(message.eventName, eventMetadata(sessionId, message.metadata || {}));
      if (message.action === 'success') {
        close();
        onEvent('HANDOFF', eventMetadata(sessionId, {}));
        message.metadata.link_session_id = sessionId;
        config.onSuccess(message.public_token, message.metadata);
      }
      if (message.action === 'exit') {
        close();
        onEvent('EXIT', eventMetadata(sessionId, { exit_status: message.status || null }));
        if (config.onExit) config.onExit(message.error || null, { institution: null, status: message.status || null, link_session_id: sessionId, request_id: '' });
      }
    }
    var handler = {
      open: function () {
        if (frame) return;
        frame = document.createElement('iframe');
        frame.title = 'Plaid Link';
        frame.src = base + 'link.html#token=' + encodeURIComponent(config.token);
        var style = frame.style;
        style.position = 'fixed'; style.inset = '0'; style.width = '100%'; style.height = '100%';
        style.border = '0'; style.zIndex = '2147483647'; style.background = 'rgba(15, 23, 42, 0.6)';
        window.addEventListener('message', onMessage);
        document.body.appendChild(frame);
        onEvent('OPEN', eventMetadata(sessionId, { view_name: 'CONSENT' }));
      },
      exit: function (options, callback) {
        if (typeof options === 'function') { callback = options; options = {}; }
        if (frame) {
          close();
          onEvent('EXIT', eventMetadata(sessionId, {}));
          if (config.onExit) config.onExit(null, { institution: null, status: null, link_session_id: sessionId, request_id: '' });
        }
        if (callback) callback();
      },
      submit: function () {},
      destroy: function () { close(); }
    };
    setTimeout(function () { if (config.onLoad) config.onLoad(); }, 0);
    return handler;
  }
  window.Plaid = { create: create, createEmbedded: function () { throw new Error('Embedded Link is not part of the sandbox stand-in'); } };
})();
`

const frameHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Plaid Link (sandbox)</title>
<link rel="stylesheet" href="link-frame.css">
</head>
<body>
<main class="dialog" role="dialog" aria-modal="true" aria-labelledby="title">
  <h1 id="title">Connect your bank</h1>
  <p id="status">Loading…</p>
  <form id="choices" hidden>
    <fieldset>
      <legend>Select your bank</legend>
      <div id="institutions"></div>
    </fieldset>
    <button type="submit" id="continue">Continue</button>
    <button type="button" id="exit">Exit</button>
  </form>
  <p class="note">Plaid sandbox stand-in: no real bank is contacted.</p>
</main>
<script src="link-frame.js"></script>
</body>
</html>
`

const frameCss = `body { margin: 0; font: 15px/1.4 system-ui, sans-serif; display: grid; place-items: center; min-height: 100vh; }
.dialog { background: #fff; color: #0f172a; border-radius: 12px; padding: 24px 28px; width: 360px; box-shadow: 0 10px 40px rgba(0,0,0,.3); }
fieldset { border: 0; padding: 0; margin: 0 0 16px; }
label { display: block; padding: 6px 0; }
button { margin-right: 8px; padding: 8px 16px; }
.note { color: #64748b; font-size: 12px; }
`

const frameScript = String.raw`(function () {
  var token = decodeURIComponent((location.hash.match(/token=([^&]+)/) || [])[1] || '');
  var statusLine = document.getElementById('status');
  var form = document.getElementById('choices');
  var list = document.getElementById('institutions');
  function post(message) { message.source = 'plaid-link-stand-in'; parent.postMessage(message, '*'); }
  function call(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) { return response.json().then(function (data) { return { ok: response.ok, data: data }; }); });
  }
  document.getElementById('exit').addEventListener('click', function () { post({ action: 'exit', status: 'requires_credentials' }); });
  call('sandbox/session', { link_token: token }).then(function (answer) {
    if (!answer.ok) {
      statusLine.textContent = answer.data.error_message || 'Link could not start.';
      post({ action: 'exit', error: answer.data, status: null });
      return;
    }
    var session = answer.data;
    document.getElementById('title').textContent = session.update ? 'Log in to ' + session.institutions[0].name + ' again' : 'Connect your bank';
    statusLine.textContent = session.update ? 'Your bank asks you to sign in again.' : 'Pick the bank to connect.';
    session.institutions.forEach(function (institution, index) {
      var label = document.createElement('label');
      var input = document.createElement('input');
      input.type = 'radio'; input.name = 'institution'; input.value = institution.institution_id; input.checked = index === 0;
      label.appendChild(input);
      label.appendChild(document.createTextNode(' ' + institution.name));
      list.appendChild(label);
    });
    form.hidden = false;
    post({ action: 'event', eventName: 'TRANSITION_VIEW', metadata: { view_name: session.update ? 'CREDENTIAL' : 'SELECT_INSTITUTION', is_update_mode: session.update ? 'true' : 'false' } });
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var chosen = form.querySelector('input[name=institution]:checked');
    document.getElementById('continue').disabled = true;
    statusLine.textContent = 'Connecting…';
    call('sandbox/complete', { link_token: token, institution_id: chosen ? chosen.value : 'ins_109508' }).then(function (answer) {
      if (!answer.ok) {
        post({ action: 'exit', error: answer.data, status: null });
        return;
      }
      post({ action: 'event', eventName: 'SELECT_INSTITUTION', metadata: { institution_id: answer.data.metadata.institution.institution_id, institution_name: answer.data.metadata.institution.name } });
      post({ action: 'success', public_token: answer.data.public_token, metadata: answer.data.metadata });
    });
  });
})();
`

export function linkStandInRoutes(app: FastifyInstance, simulator: PlaidSimulator): void {
  const linkTokenError = { error_type: 'INVALID_INPUT', error_code: 'INVALID_LINK_TOKEN', error_message: 'provided link token is invalid, used or expired', display_message: null }

  app.get('/link/v2/stable/link-initialize.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-store').send(script),
  )
  app.get('/link/v2/stable/link.html', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'")
      .send(frameHtml),
  )
  app.get('/link/v2/stable/link-frame.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(frameScript))
  app.get('/link/v2/stable/link-frame.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(frameCss))

  app.post('/link/v2/stable/sandbox/session', async (request, reply) => {
    const { link_token: linkToken } = (request.body ?? {}) as { link_token?: unknown }
    const session = typeof linkToken === 'string' ? simulator.linkSession(linkToken) : null
    if (!session) return reply.code(400).send(linkTokenError)
    const institutions = session.updateInstitutionId
      ? [{ institution_id: session.updateInstitutionId, name: sandboxInstitutions[session.updateInstitutionId]?.name ?? session.updateInstitutionId }]
      : Object.entries(sandboxInstitutions).map(([id, institution]) => ({ institution_id: id, name: institution.name }))
    return { update: Boolean(session.updateInstitutionId), institutions }
  })

  app.post('/link/v2/stable/sandbox/complete', async (request, reply) => {
    const { link_token: linkToken, institution_id: institutionId } = (request.body ?? {}) as { link_token?: unknown; institution_id?: unknown }
    if (typeof linkToken !== 'string' || typeof institutionId !== 'string' || !sandboxInstitutions[institutionId]) {
      return reply.code(400).send({ ...linkTokenError, error_code: 'INVALID_FIELD', error_message: 'link_token and a known institution_id are required' })
    }
    try {
      return await simulator.completeLink(linkToken, institutionId)
    } catch (error) {
      if (error instanceof LinkTokenError) return reply.code(400).send(linkTokenError)
      throw error
    }
  })
}
