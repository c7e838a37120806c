// Checkpoint verifier: online through POST /api/v1/verifications; offline (no network, or the
// service not answering) in the browser with the cached JWK set and status list (frame.js), the
// sightings queued and uploaded to POST /api/v1/verifications/offline when the network is back.
import { ed25519Supported, importJwks, statusIndex, verifyFrame } from './frame.js';

const API = '/api/v1';
const ONLINE_TIMEOUT_MS = 4000;
const SYNC_BATCH = 200;
const store = {
  get: (k) => { try { return JSON.parse(localStorage.getItem('checkpoint.' + k)); } catch (e) { return null; } },
  set: (k, v) => localStorage.setItem('checkpoint.' + k, JSON.stringify(v)),
  remove: (k) => localStorage.removeItem('checkpoint.' + k),
};
const $ = (id) => document.getElementById(id);

const TEXT = {
  zh: {
    title: '临时乘车身份证明核验', subtitle: '检查点终端', online: '在线', offline: '离线',
    loginTitle: '终端登录', loginHint: '请输入车站下发的检查点密钥。密钥仅保存在本设备上。',
    keyLabel: '检查点密钥', deviceLabel: '设备编号', typeLabel: '检查点类型', login: '登录',
    ENTRY_GATE: '进站闸机', EXIT_GATE: '出站闸机', TICKET_WINDOW: '售票窗口', REAL_NAME_CHECK: '实名制核验', ON_TRAIN: '列车查验',
    scanTitle: '扫描乘车人二维码', modeOnline: '在线核验', modeOffline: '离线核验',
    camera: '打开摄像头扫码', cameraStop: '关闭摄像头', upload: '上传二维码图片',
    tokenLabel: '扫码枪输入 / 粘贴二维码内容', verify: '核验',
    holder: '持证人', idNumber: '证件号码', validUntil: '有效期至', certificate: '证明编号', checkedAt: '核验时间',
    offlineData: '离线核验数据', keys: '验签公钥', statusList: '撤销名单', queue: '待上传记录',
    refreshData: '更新数据', sync: '上传记录', logout: '退出登录',
    installHint: '可将本页“添加到主屏幕”，断网时仍可核验。',
    accepted: '核验通过', rejected: '拒绝通行', valid: '证明有效，请核对乘车人本人',
    keysState: (n, t) => `${n} 个，更新于 ${t}`, listState: (n, t, stale) => `${n} 条，${stale ? '已过期' : '有效'}（${t}）`,
    none: '未下载', seenElsewhere: (t) => `注意：该二维码已于 ${t} 在其他检查点使用过，请核对本人。`,
    offlineNote: '离线核验：不显示持证人信息，请核对乘车人手机上显示的姓名与证件号码。',
    staleNote: '撤销名单已过期，联网后请更新数据。',
    badKey: '检查点密钥无效或已停用', needNetwork: '无法连接服务，首次登录需要联网',
    noDetector: '本浏览器不能识别二维码图像，请使用扫码枪或粘贴二维码内容。',
    noCrypto: '本浏览器不支持离线验签（Ed25519），断网时无法核验。',
    noData: '尚未下载验签公钥，无法离线核验。', noCode: '未在图片中找到二维码',
    synced: (n, m) => `已上传 ${n} 条离线记录` + (m ? `，其中 ${m} 条在其他检查点出现过` : ''),
    reasons: {
      MALFORMED: '无法识别的二维码', BAD_SIGNATURE: '签名无效：二维码被伪造或损坏', UNKNOWN_KEY: '未知的签发密钥',
      FRAME_EXPIRED: '二维码已过期，请乘车人点击“刷新”', CERTIFICATE_EXPIRED: '证明已过有效期',
      CERTIFICATE_SUPERSEDED: '证明已被新证明取代', CERTIFICATE_REVOKED: '证明已被撤销',
    },
  },
  en: {
    title: 'Temporary ID check', subtitle: 'Checkpoint device', online: 'Online', offline: 'Offline',
    loginTitle: 'Device login', loginHint: 'Enter the checkpoint key issued by the station. It is kept on this device only.',
    keyLabel: 'Checkpoint key', deviceLabel: 'Device id', typeLabel: 'Checkpoint type', login: 'Log in',
    ENTRY_GATE: 'Entry gate', EXIT_GATE: 'Exit gate', TICKET_WINDOW: 'Ticket window', REAL_NAME_CHECK: 'Real-name check', ON_TRAIN: 'On the train',
    scanTitle: "Scan the passenger's QR code", modeOnline: 'Online check', modeOffline: 'Offline check',
    camera: 'Scan with the camera', cameraStop: 'Stop the camera', upload: 'Upload a QR image',
    tokenLabel: 'Scanner input / paste the QR content', verify: 'Verify',
    holder: 'Holder', idNumber: 'ID number', validUntil: 'Valid until', certificate: 'Certificate', checkedAt: 'Checked at',
    offlineData: 'Offline data', keys: 'Signing keys', statusList: 'Status list', queue: 'Sightings to upload',
    refreshData: 'Update data', sync: 'Upload', logout: 'Log out',
    installHint: 'Add this page to the home screen: it verifies without a network too.',
    accepted: 'Accepted', rejected: 'Refused', valid: "Certificate valid: check it is the passenger's own",
    keysState: (n, t) => `${n}, updated ${t}`, listState: (n, t, stale) => `${n} entries, ${stale ? 'stale' : 'current'} (${t})`,
    none: 'not downloaded', seenElsewhere: (t) => `Note: this QR code was already used at another checkpoint at ${t}. Check the passenger.`,
    offlineNote: "Offline check: no holder data. Compare the name and ID number on the passenger's phone.",
    staleNote: 'The status list is stale; update the data when back online.',
    badKey: 'The checkpoint key is wrong or no longer valid', needNetwork: 'The service cannot be reached; the first login needs a network',
    noDetector: 'This browser cannot read QR images; use a scanner or paste the QR content.',
    noCrypto: 'This browser cannot verify Ed25519 signatures: offline checks are not possible.',
    noData: 'No signing keys downloaded yet: offline checks are not possible.', noCode: 'No QR code found in the image',
    synced: (n, m) => `${n} offline sightings uploaded` + (m ? `, ${m} of them seen at another checkpoint` : ''),
    reasons: {
      MALFORMED: 'Not a certificate QR code', BAD_SIGNATURE: 'Bad signature: forged or damaged QR code', UNKNOWN_KEY: 'Unknown signing key',
      FRAME_EXPIRED: 'QR code expired: ask the passenger to tap "刷新" (refresh)', CERTIFICATE_EXPIRED: 'The certificate has expired',
      CERTIFICATE_SUPERSEDED: 'Replaced by a newer certificate', CERTIFICATE_REVOKED: 'The certificate was revoked',
    },
  },
};

let lang = store.get('lang') || 'zh';
const t = (k) => TEXT[lang][k];
let keys = null; // imported JWK set
let statuses = new Map();
let canVerifyOffline = false;
let lastResult = null;
let camera = null;

function applyLanguage() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach((el) => {
    const v = TEXT[lang][el.dataset.i18n];
    if (typeof v === 'string') el.textContent = v;
  });
  $('lang').textContent = lang === 'zh' ? 'EN' : '中文';
  document.title = t('title');
  renderNetwork();
  renderData();
  if (lastResult) showResult(lastResult);
}

const when = (ms) => new Date(ms).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB',
  { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

// --- the service's clock: offline checks use the device clock corrected by the offset to the
// service's clock measured at the last status list download (a gate with a wrong clock, or the
// demo's movable clock, still judges frame windows right)
const serviceNow = () => Date.now() + ((store.get('status') || {}).offsetMs || 0);

function credentials() {
  return { key: store.get('key'), device: store.get('device'), type: store.get('type') };
}

async function call(method, path, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ONLINE_TIMEOUT_MS);
  try {
    const headers = { Accept: 'application/json', 'X-Checkpoint-Key': credentials().key || '' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: controller.signal, cache: 'no-store' });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    return { status: res.status, body: json, offlineCopy: res.headers.get('X-Served-From') === 'offline-copy' };
  } finally {
    clearTimeout(timer);
  }
}

// --- network state ----------------------------------------------------------------------------
let reachable = navigator.onLine;
function setReachable(value) {
  reachable = value;
  renderNetwork();
}
function renderNetwork() {
  const online = reachable && navigator.onLine;
  $('net').textContent = online ? t('online') : t('offline');
  $('net').className = 'net ' + (online ? 'online' : 'offline');
  $('mode').textContent = online ? t('modeOnline') : t('modeOffline');
  $('mode').className = 'badge ' + (online ? '' : 'badge-offline');
}

// --- offline documents --------------------------------------------------------------------------
async function loadDocuments() {
  const jwks = store.get('jwks');
  const status = store.get('status');
  keys = null;
  if (jwks && canVerifyOffline) {
    try { keys = await importJwks(jwks.doc); } catch (e) { keys = null; }
  }
  statuses = statusIndex(status && status.doc);
  renderData();
}

async function refreshDocuments() {
  const sentAt = Date.now();
  const list = await call('GET', '/status-list');
  if (list.status === 401) return 'badKey';
  if (list.status !== 200 || !list.body) return 'failed';
  const receivedAt = Date.now();
  const previous = store.get('status') || {};
  const offsetMs = list.offlineCopy ? previous.offsetMs || 0
    : Date.parse(list.body.issuedAt) - Math.round((sentAt + receivedAt) / 2);
  if (!list.offlineCopy) store.set('status', { doc: list.body, offsetMs });
  const jwks = await call('GET', '/verification-keys');
  if (jwks.status === 200 && jwks.body && !jwks.offlineCopy) store.set('jwks', { doc: jwks.body, fetchedAt: receivedAt });
  if (!list.offlineCopy) setReachable(true);
  await loadDocuments();
  return 'ok';
}

function renderData() {
  const jwks = store.get('jwks');
  const status = store.get('status');
  $('keys-state').textContent = jwks ? t('keysState')((jwks.doc.keys || []).length, when(jwks.fetchedAt)) : t('none');
  if (status) {
    const issued = Date.parse(status.doc.issuedAt);
    const stale = serviceNow() >= issued + status.doc.ttlSeconds * 1000;
    $('list-state').textContent = t('listState')((status.doc.revoked || []).length, when(issued), stale);
    $('list-state').className = stale ? 'stale' : '';
  } else {
    $('list-state').textContent = t('none');
  }
  $('queue-state').textContent = String((store.get('queue') || []).length);
}

function statusListStale() {
  const status = store.get('status');
  return !status || serviceNow() >= Date.parse(status.doc.issuedAt) + status.doc.ttlSeconds * 1000;
}

// --- verifying ----------------------------------------------------------------------------------
async function verify(raw) {
  const token = raw.replace(/[\r\n]+$/g, '');
  if (!token) return;
  const { device, type } = credentials();
  const checkpoint = { id: device, type };
  if (navigator.onLine) {
    try {
      const r = await call('POST', '/verifications', { token, checkpoint });
      if (r.status === 200 && r.body) {
        setReachable(true);
        showResult({ online: true, at: Date.now(), ...r.body });
        sync();
        return;
      }
      if (r.status === 401) {
        showError(t('badKey'));
        return;
      }
      if (r.status >= 400 && r.status < 500 && r.body) {
        showError(lang === 'zh' ? r.body.messageZh : r.body.messageEn);
        return;
      }
      // 5xx: the service is there but cannot answer now: verify offline
    } catch (networkDown) {
      setReachable(false);
    }
  }
  await verifyOffline(token, checkpoint);
}

async function verifyOffline(token, checkpoint) {
  if (!canVerifyOffline) return showError(t('noCrypto'));
  if (!keys) return showError(t('noData'));
  const scannedAt = serviceNow();
  const v = await verifyFrame(token, keys, statuses, scannedAt);
  showResult({
    online: false,
    at: scannedAt,
    result: v.result,
    reason: v.reason,
    certificateId: v.frame && v.reason !== 'BAD_SIGNATURE' && v.reason !== 'UNKNOWN_KEY' ? v.frame.certificateId : null,
    certificateExpiresAt: v.frame && v.reason !== 'BAD_SIGNATURE' && v.reason !== 'UNKNOWN_KEY' ? new Date(v.frame.certificateExpiresAt).toISOString() : null,
    stale: statusListStale(),
  });
  // genuine frames that were current are worth telling the service about
  if (v.frame && !['MALFORMED', 'BAD_SIGNATURE', 'UNKNOWN_KEY', 'FRAME_EXPIRED'].includes(v.reason)) {
    const queue = store.get('queue') || [];
    queue.push({ token, checkpoint, scannedAt: new Date(scannedAt).toISOString() });
    store.set('queue', queue);
    renderData();
  }
}

function showError(message) {
  lastResult = null;
  $('result').hidden = false;
  $('result').className = 'card result refused';
  $('result-mark').textContent = '!';
  $('result-title').textContent = t('rejected');
  $('result-reason').textContent = message;
  ['result-name', 'result-id', 'result-expires', 'result-cert', 'result-time'].forEach((id) => { $(id).textContent = '—'; });
  $('result-seen').hidden = true;
  $('result-offline').hidden = true;
}

function showResult(r) {
  lastResult = r;
  const ok = r.result === 'ACCEPTED';
  $('result').hidden = false;
  $('result').className = 'card result ' + (ok ? 'accepted' : 'refused');
  $('result').dataset.result = r.result;
  $('result').dataset.reason = r.reason || '';
  $('result').dataset.mode = r.online ? 'online' : 'offline';
  $('result-mark').textContent = ok ? '✓' : '✗';
  $('result-title').textContent = ok ? t('accepted') : t('rejected');
  $('result-reason').textContent = ok ? t('valid') : (t('reasons')[r.reason] || r.reason);
  $('result-name').textContent = r.maskedName || '—';
  // the full number only where the job needs it (finding the ticket); gates see the masked one
  const realName = ['TICKET_WINDOW', 'REAL_NAME_CHECK'].includes(credentials().type);
  $('result-id').textContent = (realName && r.idNumber) || r.maskedIdNumber || '—';
  $('result-expires').textContent = r.certificateExpiresAt ? when(Date.parse(r.certificateExpiresAt)) : '—';
  $('result-cert').textContent = r.certificateId ? r.certificateId.slice(0, 8) + '…' : '—';
  $('result-time').textContent = when(r.at);
  $('result-seen').hidden = !r.alreadySeenAt;
  if (r.alreadySeenAt) $('result-seen').textContent = t('seenElsewhere')(when(Date.parse(r.alreadySeenAt)));
  $('result-offline').hidden = r.online;
  $('result-offline').textContent = t('offlineNote') + (r.stale ? ' ' + t('staleNote') : '');
  $('result').scrollIntoView({ block: 'nearest' });
}

// --- uploading offline sightings ------------------------------------------------------------------
let syncing = false;
async function sync() {
  const queue = store.get('queue') || [];
  if (syncing || queue.length === 0 || !navigator.onLine) return;
  syncing = true;
  try {
    const batch = queue.slice(0, SYNC_BATCH);
    const r = await call('POST', '/verifications/offline', { sightings: batch });
    if (r.status === 200 && r.body) {
      store.set('queue', (store.get('queue') || []).slice(batch.length));
      const seen = r.body.items.filter((i) => i.alreadySeenAt).length;
      $('scan-note').hidden = false;
      $('scan-note').textContent = t('synced')(batch.length, seen);
      setReachable(true);
    } else if (r.status === 400) {
      // the service will never take this batch: do not retry it for ever
      store.set('queue', (store.get('queue') || []).slice(batch.length));
    }
  } catch (networkDown) {
    setReachable(false);
  } finally {
    syncing = false;
    renderData();
  }
}

// --- scanning -----------------------------------------------------------------------------------
function detectorAvailable() {
  return 'BarcodeDetector' in window;
}

async function startCamera() {
  if (camera) return stopCamera();
  const detector = new BarcodeDetector({ formats: ['qr_code'] });
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  const video = $('video');
  video.srcObject = stream;
  await video.play();
  $('camera-box').hidden = false;
  $('camera').textContent = t('cameraStop');
  camera = { stream, timer: null };
  const tick = async () => {
    if (!camera) return;
    try {
      const codes = await detector.detect(video);
      if (codes.length) {
        stopCamera();
        await verify(codes[0].rawValue);
        return;
      }
    } catch (e) { /* next frame */ }
    camera.timer = setTimeout(tick, 200);
  };
  tick();
}

function stopCamera() {
  if (!camera) return;
  clearTimeout(camera.timer);
  camera.stream.getTracks().forEach((track) => track.stop());
  camera = null;
  $('camera-box').hidden = true;
  $('camera').textContent = t('camera');
}

async function fromImage(file) {
  const detector = new BarcodeDetector({ formats: ['qr_code'] });
  const codes = await detector.detect(await createImageBitmap(file));
  if (!codes.length) return showError(t('noCode'));
  await verify(codes[0].rawValue);
}

// --- screens ------------------------------------------------------------------------------------
function showScreen() {
  const loggedIn = !!credentials().key;
  $('login-screen').hidden = loggedIn;
  $('verify-screen').hidden = !loggedIn;
  const { device, type } = credentials();
  $('device-line').textContent = loggedIn ? `${device} · ${t(type) || type}` : t('subtitle');
}

async function login(event) {
  event.preventDefault();
  $('login-error').hidden = true;
  store.set('key', $('key').value);
  store.set('device', $('device').value);
  store.set('type', $('type').value);
  let outcome;
  try {
    outcome = await refreshDocuments();
  } catch (e) {
    outcome = 'network';
  }
  if (outcome !== 'ok') {
    store.remove('key');
    $('login-error').hidden = false;
    $('login-error').textContent = outcome === 'badKey' ? t('badKey') : t('needNetwork');
    return;
  }
  $('key').value = '';
  showScreen();
  $('token').focus();
}

async function logout() {
  stopCamera();
  await sync();
  ['key', 'status', 'jwks'].forEach(store.remove);
  if ('caches' in window) await caches.delete('checkpoint-data-v1');
  lastResult = null;
  $('result').hidden = true;
  await loadDocuments();
  showScreen();
}

async function refreshQuietly() {
  if (!credentials().key || !navigator.onLine) return;
  try {
    const outcome = await refreshDocuments();
    if (outcome === 'badKey') showError(t('badKey'));
  } catch (e) {
    setReachable(false);
  }
}

async function start() {
  canVerifyOffline = await ed25519Supported();
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/checkpoint/sw.js', { scope: '/checkpoint/' }).catch(() => {});
  }
  $('lang').addEventListener('click', () => { lang = lang === 'zh' ? 'en' : 'zh'; store.set('lang', lang); applyLanguage(); showScreen(); });
  $('login-form').addEventListener('submit', login);
  $('token-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = $('token').value;
    $('token').value = '';
    await verify(value);
    $('token').focus();
  });
  $('refresh').addEventListener('click', refreshQuietly);
  $('sync').addEventListener('click', sync);
  $('logout').addEventListener('click', logout);
  if (detectorAvailable() && navigator.mediaDevices) {
    $('camera').hidden = false;
    $('camera').addEventListener('click', () => startCamera().catch((e) => showError(String(e.message || e))));
  }
  if (detectorAvailable()) {
    $('upload-label').hidden = false;
    $('upload').addEventListener('change', (e) => e.target.files[0] && fromImage(e.target.files[0]));
  } else {
    $('scan-note').hidden = false;
    $('scan-note').textContent = t('noDetector');
  }
  window.addEventListener('online', () => { setReachable(true); refreshQuietly().then(sync); });
  window.addEventListener('offline', () => setReachable(false));
  setInterval(() => { refreshQuietly().then(sync); }, 60000);
  setInterval(renderData, 15000);
  applyLanguage();
  showScreen();
  await loadDocuments();
  document.body.dataset.ready = 'true';
  refreshQuietly().then(sync);
}

start();
