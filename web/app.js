// app.js - the first page of the web UI: log in, show who you are, log
// out; Norwegian bokmål with an English switch. No inline script: the
// Content-Security-Policy allows scripts from this origin only.
'use strict';

const texts = {
  nb: {
    switch: 'English', intro: 'Felles oversikt over overskuddsmasser og behov.',
    login: 'Logg inn', email: 'E-post', password: 'Passord', submit: 'Logg inn',
    whoami: 'Du er logget inn', name: 'Navn', role: 'Rolle', org: 'Organisasjon',
    logout: 'Logg ut', failed: 'Feil e-post eller passord.',
    locked: 'For mange mislykkede forsøk. Prøv igjen senere.',
    roles: { administrator: 'administrator', editor: 'redaktør', authority: 'myndighet' }
  },
  en: {
    switch: 'Norsk', intro: 'One shared overview of surplus masses and needs.',
    login: 'Log in', email: 'Email', password: 'Password', submit: 'Log in',
    whoami: 'You are logged in', name: 'Name', role: 'Role', org: 'Organisation',
    logout: 'Log out', failed: 'Wrong email or password.',
    locked: 'Too many failed attempts. Try again later.',
    roles: { administrator: 'administrator', editor: 'editor', authority: 'authority' }
  }
};
let lang = localStorage.getItem('lang') === 'en' ? 'en' : 'nb';
let csrf = null;
let me = null;

function t(key) { return texts[lang][key]; }

function render() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  document.getElementById('login').hidden = me !== null;
  document.getElementById('me').hidden = me === null;
  if (me) {
    document.getElementById('me-name').textContent = me.name;
    document.getElementById('me-email').textContent = me.email;
    document.getElementById('me-role').textContent = t('roles')[me.role] || me.role;
    document.getElementById('me-org').textContent = me.organisation || '–';
  }
}

async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
  const r = await fetch('/api/v1' + path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const data = r.status === 204 ? null : await r.json();
  return { status: r.status, data };
}

async function loadMe() {
  const r = await api('GET', '/me');
  if (r.status === 200) {
    me = r.data.user;
    csrf = r.data.csrf_token || null;
  } else {
    me = null;
  }
  render();
}

document.getElementById('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const err = document.getElementById('error');
  err.textContent = '';
  const r = await api('POST', '/session', {
    email: document.getElementById('email').value,
    password: document.getElementById('password').value
  });
  document.getElementById('password').value = '';
  if (r.status === 201) {
    me = r.data.user;
    csrf = r.data.csrf_token;
    render();
  } else {
    err.textContent = r.status === 429 ? t('locked') : t('failed');
  }
});

document.getElementById('logout').addEventListener('click', async () => {
  await api('DELETE', '/session');
  me = null;
  csrf = null;
  render();
});

document.getElementById('lang').addEventListener('click', () => {
  lang = lang === 'nb' ? 'en' : 'nb';
  localStorage.setItem('lang', lang);
  render();
});

loadMe();
